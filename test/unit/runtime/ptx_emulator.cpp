//===- ptx_emulator.cpp - Runs PTX kernels on the CPU, for tests ----------===//
//
// One file on purpose (~1,000 lines): a parser and an interpreter of the
// PTX subset tgc emits, whose instruction table and executor change together.
//
//===----------------------------------------------------------------------===//

#include "ptx_emulator.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_map>

namespace ptxemu {
namespace {

enum class Ty : uint8_t {
  None, S8, S16, S32, S64, U8, U16, U32, U64, B8, B16, B32, B64, F32, F64,
  Pred
};

unsigned bitsOf(Ty t) {
  switch (t) {
  case Ty::S8: case Ty::U8: case Ty::B8: return 8;
  case Ty::S16: case Ty::U16: case Ty::B16: return 16;
  case Ty::S32: case Ty::U32: case Ty::B32: case Ty::F32: return 32;
  case Ty::Pred: return 1;
  default: return 64;
  }
}
bool isSigned(Ty t) {
  return t == Ty::S8 || t == Ty::S16 || t == Ty::S32 || t == Ty::S64;
}
bool isFloat(Ty t) { return t == Ty::F32 || t == Ty::F64; }

bool parseType(const std::string &s, Ty &t) {
  static const std::map<std::string, Ty> types = {
      {"s8", Ty::S8},   {"s16", Ty::S16}, {"s32", Ty::S32}, {"s64", Ty::S64},
      {"u8", Ty::U8},   {"u16", Ty::U16}, {"u32", Ty::U32}, {"u64", Ty::U64},
      {"b8", Ty::B8},   {"b16", Ty::B16}, {"b32", Ty::B32}, {"b64", Ty::B64},
      {"f32", Ty::F32}, {"f64", Ty::F64}, {"pred", Ty::Pred}};
  auto it = types.find(s);
  if (it == types.end())
    return false;
  t = it->second;
  return true;
}

enum class Op : uint8_t {
  Mov, Ld, St, Add, Sub, Mul, MulWide, MulHi, Mad, Fma, Div, Rem, Neg, Abs, Min,
  Max, And, Or, Xor, Not, Shl, Shr, Setp, Selp, Cvt, Bra, Ret, Bar, Sqrt,
  Rcp
};

enum class Cmp : uint8_t {
  Eq, Ne, Lt, Le, Gt, Ge, Equ, Neu, Ltu, Leu, Gtu, Geu, Num, Nan
};

enum class Round : uint8_t { None, Nearest, Zero, Down, Up };

struct Operand {
  enum Kind : uint8_t { None, Reg, Imm, Special, Shared, Param, Label, Mem };
  Kind kind = None;
  Kind base = None; // for Mem: Reg, Shared, Param or Imm (an address)
  int32_t index = 0;
  int64_t imm = 0; // immediate bits, or the offset of a memory operand
};

struct Instr {
  Op op = Op::Mov;
  Ty type = Ty::None;
  Ty srcType = Ty::None; // cvt
  Cmp cmp = Cmp::Eq;
  Round round = Round::None;
  bool nan = false; // min/max .NaN
  int32_t guard = -1;
  bool guardNegated = false;
  Operand d, a, b, c;
};

} // namespace

struct Kernel {
  std::string name;
  std::vector<unsigned> paramBytes;
  std::vector<Instr> code;
  unsigned numRegs = 0;
  std::vector<size_t> sharedOffsets;
  size_t sharedBytes = 0;
};

namespace {

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  std::string current;
  for (char ch : s) {
    if (ch == sep) {
      parts.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  parts.push_back(current);
  return parts;
}

/// Parses one function body; fills `kernel`.
class KernelParser {
public:
  KernelParser(Kernel &kernel, const std::vector<std::string> &params)
      : kernel(kernel) {
    for (size_t i = 0; i < params.size(); ++i)
      paramIndex[params[i]] = static_cast<int32_t>(i);
  }

  bool line(const std::string &text, std::string &error) {
    if (text.empty())
      return true;
    if (text.back() == ':') {
      labels[text.substr(0, text.size() - 1)] =
          static_cast<int32_t>(kernel.code.size());
      return true;
    }
    if (text[0] == '.') {
      if (text.rfind(".reg", 0) == 0 || text.rfind(".pragma", 0) == 0)
        return true;
      if (text.rfind(".shared", 0) == 0)
        return sharedDecl(text, error);
      error = "unsupported declaration '" + text + "'";
      return false;
    }
    return instruction(text, error);
  }

  bool finish(std::string &error) {
    for (auto &[where, name] : pendingLabels) {
      auto it = labels.find(name);
      if (it == labels.end()) {
        error = "unknown label '" + name + "'";
        return false;
      }
      kernel.code[where].a.index = it->second;
    }
    kernel.numRegs = static_cast<unsigned>(registers.size());
    return true;
  }

private:
  bool sharedDecl(const std::string &text, std::string &error) {
    // .shared .align 4 .b8 NAME[SIZE];
    size_t open = text.find('['), close = text.find(']');
    size_t nameStart = text.rfind(' ', open);
    if (open == std::string::npos || close == std::string::npos ||
        nameStart == std::string::npos || text.find(".b8") == std::string::npos) {
      error = "unsupported shared declaration '" + text + "'";
      return false;
    }
    std::string name = text.substr(nameStart + 1, open - nameStart - 1);
    size_t bytes = std::stoull(text.substr(open + 1, close - open - 1));
    size_t align = 16;
    kernel.sharedBytes = (kernel.sharedBytes + align - 1) / align * align;
    sharedIndex[name] = static_cast<int32_t>(kernel.sharedOffsets.size());
    kernel.sharedOffsets.push_back(kernel.sharedBytes);
    kernel.sharedBytes += bytes;
    return true;
  }

  int32_t reg(const std::string &name) {
    auto it = registers.find(name);
    if (it != registers.end())
      return it->second;
    int32_t index = static_cast<int32_t>(registers.size());
    registers[name] = index;
    return index;
  }

  bool operand(const std::string &raw, Operand &out, std::string &error) {
    std::string s = trim(raw);
    if (s.empty()) {
      error = "empty operand";
      return false;
    }
    if (s[0] == '[') {
      std::string inner = trim(s.substr(1, s.find(']') - 1));
      out.kind = Operand::Mem;
      size_t plus = inner.find('+');
      std::string base = trim(inner.substr(0, plus));
      if (plus != std::string::npos)
        out.imm = std::stoll(trim(inner.substr(plus + 1)));
      if (base[0] == '%') {
        out.base = Operand::Reg;
        out.index = reg(base);
      } else if (paramIndex.count(base)) {
        out.base = Operand::Param;
        out.index = paramIndex[base];
      } else if (sharedIndex.count(base)) {
        out.base = Operand::Shared;
        out.index = sharedIndex[base];
      } else {
        error = "unknown address '" + inner + "'";
        return false;
      }
      return true;
    }
    if (s[0] == '%') {
      static const char *specials[] = {"%tid", "%ntid", "%ctaid", "%nctaid"};
      size_t dot = s.find('.');
      if (dot != std::string::npos) {
        for (int k = 0; k < 4; ++k)
          if (s.substr(0, dot) == specials[k]) {
            char dim = s[dot + 1];
            if (dim < 'x' || dim > 'z') {
              error = "unsupported special register '" + s + "'";
              return false;
            }
            out.kind = Operand::Special;
            out.index = k * 3 + (dim - 'x');
            return true;
          }
        error = "unsupported special register '" + s + "'";
        return false;
      }
      out.kind = Operand::Reg;
      out.index = reg(s);
      return true;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'f' || s[1] == 'F')) {
      out.kind = Operand::Imm;
      out.imm = static_cast<int64_t>(std::stoull(s.substr(2), nullptr, 16));
      return true;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'd' || s[1] == 'D')) {
      out.kind = Operand::Imm;
      out.imm = static_cast<int64_t>(std::stoull(s.substr(2), nullptr, 16));
      return true;
    }
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
      out.kind = Operand::Imm;
      out.imm = static_cast<int64_t>(std::stoull(s.substr(2), nullptr, 16));
      return true;
    }
    if (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
      out.kind = Operand::Imm;
      out.imm = std::stoll(s);
      return true;
    }
    if (sharedIndex.count(s)) {
      out.kind = Operand::Shared;
      out.index = sharedIndex[s];
      return true;
    }
    out.kind = Operand::Label; // resolved by finish()
    return true;
  }

  bool instruction(std::string text, std::string &error) {
    Instr in;
    if (text.back() == ';')
      text.pop_back();
    text = trim(text);
    if (text[0] == '@') {
      size_t space = text.find_first_of(" \t");
      std::string guard = text.substr(1, space - 1);
      if (guard[0] == '!') {
        in.guardNegated = true;
        guard = guard.substr(1);
      }
      in.guard = reg(guard);
      text = trim(text.substr(space));
    }
    size_t space = text.find_first_of(" \t");
    std::string opcode = text.substr(0, space);
    std::string rest = space == std::string::npos ? "" : text.substr(space);
    std::vector<std::string> parts = split(opcode, '.');
    std::string base = parts[0];
    std::vector<Ty> types;
    bool wide = false, high = false;
    for (size_t i = 1; i < parts.size(); ++i) {
      const std::string &m = parts[i];
      Ty t;
      static const std::map<std::string, Cmp> cmps = {
          {"eq", Cmp::Eq},   {"ne", Cmp::Ne},   {"lt", Cmp::Lt},
          {"le", Cmp::Le},   {"gt", Cmp::Gt},   {"ge", Cmp::Ge},
          {"lo", Cmp::Lt},   {"ls", Cmp::Le},   {"hi", Cmp::Gt},
          {"hs", Cmp::Ge},   {"equ", Cmp::Equ}, {"neu", Cmp::Neu},
          {"ltu", Cmp::Ltu}, {"leu", Cmp::Leu}, {"gtu", Cmp::Gtu},
          {"geu", Cmp::Geu}, {"num", Cmp::Num}, {"nan", Cmp::Nan}};
      if (base == "setp" && i == 1) {
        auto it = cmps.find(m);
        if (it == cmps.end()) {
          error = "unsupported instruction '" + opcode + "'";
          return false;
        }
        in.cmp = it->second;
      } else if (parseType(m, t)) {
        types.push_back(t);
      } else if (m == "rn" || m == "rni") {
        in.round = Round::Nearest;
      } else if (m == "rz" || m == "rzi") {
        in.round = Round::Zero;
      } else if (m == "rm" || m == "rmi") {
        in.round = Round::Down;
      } else if (m == "rp" || m == "rpi") {
        in.round = Round::Up;
      } else if (m == "NaN") {
        in.nan = true;
      } else if (m == "wide") {
        wide = true;
      } else if (m == "hi") {
        high = true;
      } else if (m == "lo" || m == "ftz" || m == "uni" || m == "global" ||
                 m == "shared" || m == "param" || m == "to" || m == "nc" ||
                 m == "approx" || m == "full" || m == "sync") {
        // no effect here (approx and full compute exactly)
      } else {
        error = "unsupported instruction '" + opcode + "'";
        return false;
      }
    }
    static const std::map<std::string, Op> ops = {
        {"mov", Op::Mov},   {"ld", Op::Ld},     {"st", Op::St},
        {"add", Op::Add},   {"sub", Op::Sub},   {"mul", Op::Mul},
        {"mad", Op::Mad},   {"fma", Op::Fma},   {"div", Op::Div},
        {"rem", Op::Rem},   {"neg", Op::Neg},   {"abs", Op::Abs},
        {"min", Op::Min},   {"max", Op::Max},   {"and", Op::And},
        {"or", Op::Or},     {"xor", Op::Xor},   {"not", Op::Not},
        {"shl", Op::Shl},   {"shr", Op::Shr},   {"setp", Op::Setp},
        {"selp", Op::Selp}, {"cvt", Op::Cvt},   {"cvta", Op::Mov},
        {"bra", Op::Bra},   {"ret", Op::Ret},   {"exit", Op::Ret},
        {"bar", Op::Bar},   {"sqrt", Op::Sqrt}, {"rcp", Op::Rcp}};
    auto it = ops.find(base);
    if (it == ops.end()) {
      error = "unsupported instruction '" + opcode + "'";
      return false;
    }
    in.op = it->second;
    if (in.op == Op::Mul && wide)
      in.op = Op::MulWide;
    if (in.op == Op::Mul && high)
      in.op = Op::MulHi;
    if (in.op == Op::Mad && (wide || high)) {
      error = "unsupported instruction '" + opcode + "'";
      return false;
    }
    if (!types.empty())
      in.type = types[0];
    if (in.op == Op::Cvt) {
      if (types.size() != 2) {
        error = "unsupported instruction '" + opcode + "'";
        return false;
      }
      in.srcType = types[1];
    }

    std::vector<std::string> args;
    if (!trim(rest).empty())
      args = split(rest, ',');
    Operand *slots[] = {&in.d, &in.a, &in.b, &in.c};
    if (in.op == Op::St) {
      // st [addr], value: keep the address in a, the value in b.
      slots[0] = &in.a;
      slots[1] = &in.b;
    }
    if (in.op == Op::Bra) {
      if (args.size() != 1) {
        error = "unsupported branch '" + text + "'";
        return false;
      }
      pendingLabels.push_back(
          {static_cast<int32_t>(kernel.code.size()), trim(args[0])});
      kernel.code.push_back(in);
      return true;
    }
    if (args.size() > 4) {
      error = "too many operands in '" + text + "'";
      return false;
    }
    for (size_t i = 0; i < args.size(); ++i)
      if (!operand(args[i], *slots[i], error)) {
        error += " in '" + text + "'";
        return false;
      }
    if (in.op == Op::Bar && (in.d.kind != Operand::Imm || in.d.imm != 0)) {
      error = "unsupported barrier '" + text + "'";
      return false;
    }
    kernel.code.push_back(in);
    return true;
  }

  Kernel &kernel;
  std::unordered_map<std::string, int32_t> registers, paramIndex,
      sharedIndex, labels;
  std::vector<std::pair<int32_t, std::string>> pendingLabels;
};

//===----------------------------------------------------------------------===//
// Execution
//===----------------------------------------------------------------------===//

uint64_t mask(uint64_t v, Ty t) {
  unsigned bits = bitsOf(t);
  return bits >= 64 ? v : v & ((uint64_t(1) << bits) - 1);
}
int64_t asSigned(uint64_t v, Ty t) {
  unsigned bits = bitsOf(t);
  if (bits >= 64)
    return static_cast<int64_t>(v);
  uint64_t m = mask(v, t);
  uint64_t sign = uint64_t(1) << (bits - 1);
  return static_cast<int64_t>((m ^ sign) - sign);
}
/// The register value of an integer result: sign-extended for signed
/// types, zero-extended otherwise.
uint64_t intResult(uint64_t v, Ty t) {
  return isSigned(t) ? static_cast<uint64_t>(asSigned(v, t)) : mask(v, t);
}
float f32(uint64_t v) {
  uint32_t bits = static_cast<uint32_t>(v);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
double f64(uint64_t v) {
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}
uint64_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
uint64_t bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}
double asDouble(uint64_t v, Ty t) {
  return t == Ty::F32 ? static_cast<double>(f32(v)) : f64(v);
}
uint64_t fromDouble(double d, Ty t) {
  return t == Ty::F32 ? bits(static_cast<float>(d)) : bits(d);
}

double roundTo(double x, Round r) {
  switch (r) {
  case Round::Zero: return std::trunc(x);
  case Round::Down: return std::floor(x);
  case Round::Up: return std::ceil(x);
  case Round::Nearest: return std::nearbyint(x);
  default: return x;
  }
}

template <typename F> uint64_t floatOp(Ty t, uint64_t a, uint64_t b, F f) {
  if (t == Ty::F32)
    return bits(static_cast<float>(f(f32(a), f32(b))));
  return bits(static_cast<double>(f(f64(a), f64(b))));
}

struct Block {
  const Kernel *kernel;
  unsigned grid[3], block[3], cta[3];
  void **params;
  std::vector<uint8_t> shared;
  std::vector<uint64_t> regs;
  unsigned numThreads;
};

enum class Stop { Barrier, Done };

class Thread {
public:
  Thread(Block &block, unsigned t) : blk(block) {
    r = &block.regs[static_cast<size_t>(t) * block.kernel->numRegs];
    tid[0] = t % block.block[0];
    tid[1] = (t / block.block[0]) % block.block[1];
    tid[2] = t / (block.block[0] * block.block[1]);
  }

  Stop run(size_t &pc, std::string &error) {
    const std::vector<Instr> &code = blk.kernel->code;
    while (pc < code.size()) {
      const Instr &in = code[pc];
      if (in.guard >= 0 && ((r[in.guard] & 1) != 0) == in.guardNegated) {
        ++pc;
        continue;
      }
      switch (in.op) {
      case Op::Bra:
        pc = static_cast<size_t>(in.a.index);
        continue;
      case Op::Ret:
        pc = code.size();
        return Stop::Done;
      case Op::Bar:
        ++pc;
        return Stop::Barrier;
      default:
        if (!step(in, error))
          return Stop::Done;
        ++pc;
      }
    }
    return Stop::Done;
  }

private:
  uint64_t value(const Operand &o) const {
    switch (o.kind) {
    case Operand::Reg: return r[o.index];
    case Operand::Imm: return static_cast<uint64_t>(o.imm);
    case Operand::Special: {
      int dim = o.index % 3;
      switch (o.index / 3) {
      case 0: return tid[dim];
      case 1: return blk.block[dim];
      case 2: return blk.cta[dim];
      default: return blk.grid[dim];
      }
    }
    case Operand::Shared:
      return reinterpret_cast<uint64_t>(blk.shared.data() +
                                        blk.kernel->sharedOffsets[o.index]);
    default: return 0;
    }
  }

  uint8_t *address(const Operand &o) const {
    uint64_t base = 0;
    switch (o.base) {
    case Operand::Reg: base = r[o.index]; break;
    case Operand::Param:
      base = reinterpret_cast<uint64_t>(blk.params[o.index]);
      break;
    case Operand::Shared:
      base = reinterpret_cast<uint64_t>(blk.shared.data() +
                                        blk.kernel->sharedOffsets[o.index]);
      break;
    default: break;
    }
    return reinterpret_cast<uint8_t *>(base + static_cast<uint64_t>(o.imm));
  }

  bool compare(const Instr &in, uint64_t a, uint64_t b) const {
    Ty t = in.type;
    if (isFloat(t)) {
      double x = asDouble(a, t), y = asDouble(b, t);
      bool unordered = std::isnan(x) || std::isnan(y);
      switch (in.cmp) {
      case Cmp::Eq: return !unordered && x == y;
      case Cmp::Ne: return !unordered && x != y;
      case Cmp::Lt: return !unordered && x < y;
      case Cmp::Le: return !unordered && x <= y;
      case Cmp::Gt: return !unordered && x > y;
      case Cmp::Ge: return !unordered && x >= y;
      case Cmp::Equ: return unordered || x == y;
      case Cmp::Neu: return unordered || x != y;
      case Cmp::Ltu: return unordered || x < y;
      case Cmp::Leu: return unordered || x <= y;
      case Cmp::Gtu: return unordered || x > y;
      case Cmp::Geu: return unordered || x >= y;
      case Cmp::Num: return !unordered;
      case Cmp::Nan: return unordered;
      }
      return false;
    }
    if (isSigned(t))
      return compareInts(in.cmp, asSigned(a, t), asSigned(b, t));
    return compareInts(in.cmp, mask(a, t), mask(b, t));
  }

  template <typename T> static bool compareInts(Cmp cmp, T x, T y) {
    switch (cmp) {
    case Cmp::Eq: return x == y;
    case Cmp::Ne: return x != y;
    case Cmp::Lt: return x < y;
    case Cmp::Le: return x <= y;
    case Cmp::Gt: return x > y;
    case Cmp::Ge: return x >= y;
    default: return false;
    }
  }

  uint64_t minMax(const Instr &in, uint64_t a, uint64_t b) const {
    bool isMax = in.op == Op::Max;
    Ty t = in.type;
    if (isFloat(t)) {
      double x = asDouble(a, t), y = asDouble(b, t);
      if (std::isnan(x) || std::isnan(y)) {
        if (in.nan)
          return fromDouble(std::numeric_limits<double>::quiet_NaN(), t);
        return std::isnan(x) ? b : a;
      }
      if (x == y) // +0 and -0: max is +0, min is -0
        return (std::signbit(x) == isMax) ? b : a;
      return (isMax ? x > y : x < y) ? a : b;
    }
    if (isSigned(t)) {
      int64_t x = asSigned(a, t), y = asSigned(b, t);
      return intResult(static_cast<uint64_t>(isMax ? std::max(x, y)
                                                   : std::min(x, y)),
                       t);
    }
    uint64_t x = mask(a, t), y = mask(b, t);
    return isMax ? std::max(x, y) : std::min(x, y);
  }

  uint64_t convert(const Instr &in, uint64_t v) const {
    Ty to = in.type, from = in.srcType;
    if (isFloat(from)) {
      double x = asDouble(v, from);
      if (isFloat(to))
        return fromDouble(to == from ? roundTo(x, in.round) : x, to);
      // Float to integer: rounded, saturated, NaN is 0.
      if (std::isnan(x))
        return 0;
      x = roundTo(x, in.round == Round::None ? Round::Zero : in.round);
      unsigned b = bitsOf(to);
      if (isSigned(to)) {
        double lo = -std::ldexp(1.0, static_cast<int>(b) - 1);
        double hi = std::ldexp(1.0, static_cast<int>(b) - 1) - 1;
        int64_t i = x <= lo   ? static_cast<int64_t>(lo)
                    : x >= hi ? (b >= 64 ? std::numeric_limits<int64_t>::max()
                                         : static_cast<int64_t>(hi))
                              : static_cast<int64_t>(x);
        return intResult(static_cast<uint64_t>(i), to);
      }
      double hi = std::ldexp(1.0, static_cast<int>(b)) - 1;
      uint64_t u = x <= 0    ? 0
                   : x >= hi ? (b >= 64 ? std::numeric_limits<uint64_t>::max()
                                        : static_cast<uint64_t>(hi))
                             : static_cast<uint64_t>(x);
      return mask(u, to);
    }
    // From an integer.
    if (isFloat(to)) {
      if (isSigned(from))
        return to == Ty::F32
                   ? bits(static_cast<float>(asSigned(v, from)))
                   : bits(static_cast<double>(asSigned(v, from)));
      return to == Ty::F32 ? bits(static_cast<float>(mask(v, from)))
                           : bits(static_cast<double>(mask(v, from)));
    }
    uint64_t extended = isSigned(from) ? static_cast<uint64_t>(asSigned(v, from))
                                       : mask(v, from);
    return intResult(extended, to);
  }

  bool step(const Instr &in, std::string &error) {
    Ty t = in.type;
    auto set = [&](uint64_t v) { r[in.d.index] = v; };
    uint64_t a = value(in.a), b = value(in.b);
    switch (in.op) {
    case Op::Mov:
      set(a);
      return true;
    case Op::Ld: {
      uint8_t *p = address(in.a);
      uint64_t v = 0;
      std::memcpy(&v, p, bitsOf(t) / 8);
      set(isFloat(t) ? v : intResult(v, t));
      return true;
    }
    case Op::St: {
      uint8_t *p = address(in.a);
      std::memcpy(p, &b, bitsOf(t) / 8);
      return true;
    }
    case Op::Add:
      set(isFloat(t) ? floatOp(t, a, b, [](auto x, auto y) { return x + y; })
                     : intResult(a + b, t));
      return true;
    case Op::Sub:
      set(isFloat(t) ? floatOp(t, a, b, [](auto x, auto y) { return x - y; })
                     : intResult(a - b, t));
      return true;
    case Op::Mul:
      set(isFloat(t) ? floatOp(t, a, b, [](auto x, auto y) { return x * y; })
                     : intResult(a * b, t));
      return true;
    case Op::MulWide: {
      Ty wideType = isSigned(t) ? Ty::S64 : Ty::U64;
      if (bitsOf(t) == 16)
        wideType = isSigned(t) ? Ty::S32 : Ty::U32;
      uint64_t product =
          isSigned(t) ? static_cast<uint64_t>(asSigned(a, t) * asSigned(b, t))
                      : mask(a, t) * mask(b, t);
      set(intResult(product, wideType));
      return true;
    }
    case Op::MulHi: {
      unsigned w = bitsOf(t);
      uint64_t high;
      if (isSigned(t)) {
        __int128 p = static_cast<__int128>(asSigned(a, t)) * asSigned(b, t);
        high = static_cast<uint64_t>(p >> w);
      } else {
        unsigned __int128 p =
            static_cast<unsigned __int128>(mask(a, t)) * mask(b, t);
        high = static_cast<uint64_t>(p >> w);
      }
      set(intResult(high, t));
      return true;
    }
    case Op::Mad:
    case Op::Fma: {
      uint64_t c = value(in.c);
      if (t == Ty::F32)
        set(bits(std::fma(f32(a), f32(b), f32(c))));
      else if (t == Ty::F64)
        set(bits(std::fma(f64(a), f64(b), f64(c))));
      else
        set(intResult(a * b + c, t));
      return true;
    }
    case Op::Div:
    case Op::Rem: {
      bool rem = in.op == Op::Rem;
      if (isFloat(t)) {
        if (rem)
          break;
        set(floatOp(t, a, b, [](auto x, auto y) { return x / y; }));
        return true;
      }
      if (isSigned(t)) {
        int64_t x = asSigned(a, t), y = asSigned(b, t);
        int64_t q = (y == 0 || (y == -1 && x == std::numeric_limits<int64_t>::min()))
                        ? 0
                        : (rem ? x % y : x / y);
        set(intResult(static_cast<uint64_t>(q), t));
      } else {
        uint64_t x = mask(a, t), y = mask(b, t);
        set(y == 0 ? 0 : (rem ? x % y : x / y));
      }
      return true;
    }
    case Op::Neg:
      set(isFloat(t) ? fromDouble(-asDouble(a, t), t)
                     : intResult(0 - a, t));
      return true;
    case Op::Abs:
      set(isFloat(t) ? fromDouble(std::fabs(asDouble(a, t)), t)
                     : intResult(static_cast<uint64_t>(
                                     std::llabs(asSigned(a, t))),
                                 t));
      return true;
    case Op::Min:
    case Op::Max:
      set(minMax(in, a, b));
      return true;
    case Op::And:
      set(t == Ty::Pred ? ((a & b) & 1) : mask(a & b, t));
      return true;
    case Op::Or:
      set(t == Ty::Pred ? ((a | b) & 1) : mask(a | b, t));
      return true;
    case Op::Xor:
      set(t == Ty::Pred ? ((a ^ b) & 1) : mask(a ^ b, t));
      return true;
    case Op::Not:
      set(t == Ty::Pred ? (~a & 1) : mask(~a, t));
      return true;
    case Op::Shl: {
      uint64_t n = mask(b, Ty::U32);
      set(n >= bitsOf(t) ? 0 : mask(a << n, t));
      return true;
    }
    case Op::Shr: {
      uint64_t n = mask(b, Ty::U32);
      unsigned w = bitsOf(t);
      if (isSigned(t)) {
        int64_t x = asSigned(a, t);
        set(intResult(static_cast<uint64_t>(n >= w ? (x < 0 ? -1 : 0)
                                                   : x >> n),
                      t));
      } else {
        set(n >= w ? 0 : mask(a, t) >> n);
      }
      return true;
    }
    case Op::Setp:
      set(compare(in, a, b) ? 1 : 0);
      return true;
    case Op::Selp:
      set((value(in.c) & 1) ? a : b);
      return true;
    case Op::Cvt:
      set(convert(in, a));
      return true;
    case Op::Sqrt:
      if (!isFloat(t))
        break;
      set(t == Ty::F32 ? bits(std::sqrt(f32(a))) : bits(std::sqrt(f64(a))));
      return true;
    case Op::Rcp:
      if (!isFloat(t))
        break;
      set(t == Ty::F32 ? bits(1.0f / f32(a)) : bits(1.0 / f64(a)));
      return true;
    default:
      break;
    }
    error = "cannot execute an instruction of kernel '" + blk.kernel->name + "'";
    return false;
  }

  Block &blk;
  uint64_t *r;
  unsigned tid[3];
};

} // namespace

Module::~Module() = default;

std::unique_ptr<Module> Module::parse(const std::string &ptx,
                                      std::string &error) {
  std::unique_ptr<Module> module(new Module);
  std::istringstream in(ptx);
  std::string raw;
  enum { Outside, Params, Header, Body } state = Outside;
  std::vector<std::string> params;
  std::unique_ptr<KernelParser> parser;
  Kernel *kernel = nullptr;
  int lineNo = 0;
  auto fail = [&](const std::string &what) {
    error = "PTX line " + std::to_string(lineNo) + ": " + what;
    return nullptr;
  };
  while (std::getline(in, raw)) {
    ++lineNo;
    std::string text = raw;
    size_t comment = text.find("//");
    if (comment != std::string::npos)
      text = text.substr(0, comment);
    text = trim(text);
    if (text.empty())
      continue;
    switch (state) {
    case Outside: {
      if (text.rfind(".version", 0) == 0 || text.rfind(".target", 0) == 0 ||
          text.rfind(".address_size", 0) == 0)
        continue;
      size_t entry = text.find(".entry ");
      if (entry == std::string::npos)
        return fail("unsupported declaration '" + text + "'");
      size_t open = text.find('(');
      module->kernels.push_back(std::make_unique<Kernel>());
      kernel = module->kernels.back().get();
      kernel->name = trim(text.substr(entry + 7, open - entry - 7));
      params.clear();
      state = text.find(')') != std::string::npos ? Header : Params;
      continue;
    }
    case Params: {
      if (text[0] == ')') {
        state = Header;
        continue;
      }
      // .param .u64 NAME[,]
      if (text.back() == ',')
        text.pop_back();
      std::vector<std::string> words;
      std::istringstream ws(text);
      for (std::string w; ws >> w;)
        words.push_back(w);
      Ty t;
      if (words.size() != 3 || words[0] != ".param" ||
          !parseType(words[1].substr(1), t))
        return fail("unsupported parameter '" + text + "'");
      kernel->paramBytes.push_back(std::max(1u, bitsOf(t) / 8));
      params.push_back(words[2]);
      continue;
    }
    case Header:
      if (text == "{") {
        parser = std::make_unique<KernelParser>(*kernel, params);
        state = Body;
      } else if (text.rfind(".maxntid", 0) != 0 &&
                 text.rfind(".reqntid", 0) != 0 &&
                 text.rfind(".minnctapersm", 0) != 0 &&
                 text.rfind(".maxnreg", 0) != 0) {
        return fail("unsupported directive '" + text + "'");
      }
      continue;
    case Body:
      if (text == "}") {
        if (!parser->finish(error))
          return fail(error);
        state = Outside;
        continue;
      }
      if (!parser->line(text, error))
        return fail(error);
      continue;
    }
  }
  if (state != Outside)
    return fail("unterminated kernel");
  return module;
}

const Kernel *Module::kernel(const std::string &name) const {
  for (const auto &k : kernels)
    if (k->name == name)
      return k.get();
  return nullptr;
}

std::vector<unsigned> Module::paramBytes(const Kernel *kernel) {
  return kernel->paramBytes;
}

std::string Module::launch(const Kernel *kernel, const unsigned grid[3],
                           const unsigned block[3], void **params) {
  Block blk;
  blk.kernel = kernel;
  blk.params = params;
  for (int i = 0; i < 3; ++i) {
    blk.grid[i] = grid[i];
    blk.block[i] = block[i];
  }
  blk.numThreads = block[0] * block[1] * block[2];
  std::string error;
  for (unsigned z = 0; z < grid[2]; ++z)
    for (unsigned y = 0; y < grid[1]; ++y)
      for (unsigned x = 0; x < grid[0]; ++x) {
        blk.cta[0] = x;
        blk.cta[1] = y;
        blk.cta[2] = z;
        blk.shared.assign(kernel->sharedBytes, 0);
        blk.regs.assign(static_cast<size_t>(blk.numThreads) * kernel->numRegs,
                        0);
        std::vector<size_t> pcs(blk.numThreads, 0);
        std::vector<char> done(blk.numThreads, 0);
        unsigned finished = 0;
        while (finished < blk.numThreads) {
          unsigned atBarrier = 0;
          for (unsigned t = 0; t < blk.numThreads; ++t) {
            if (done[t])
              continue;
            Thread thread(blk, t);
            Stop stop = thread.run(pcs[t], error);
            if (!error.empty())
              return error;
            if (stop == Stop::Done) {
              done[t] = 1;
              ++finished;
            } else {
              ++atBarrier;
            }
          }
          // Every live thread has reached the barrier (or returned): the
          // next round continues after it.
          (void)atBarrier;
        }
      }
  return "";
}

} // namespace ptxemu
