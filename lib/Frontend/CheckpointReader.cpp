//===- CheckpointReader.cpp - TensorFlow V2 checkpoints (TensorBundle) ----===//
//
// A V2 checkpoint PREFIX is PREFIX.index, a table of the LevelDB format (as
// TensorFlow writes it: blocks of prefix-compressed entries with restart
// points, each block followed by a compression byte and a masked CRC-32C,
// an index block of block handles, and a 48-byte footer ending in the
// table magic), and the data shards PREFIX.data-SSSSS-of-NNNNN. The index
// maps "" to a BundleHeaderProto and each tensor name to a
// BundleEntryProto (dtype, shape, shard, offset, size, CRC-32C of the
// bytes). Everything read is bounds-checked and every checksum verified;
// the errors name the file and the entry.
//
// CRC-32C (Castagnoli) is computed here with a 256-entry table: a few lines
// that Debian's libraries do not offer without a new dependency.
//
//===----------------------------------------------------------------------===//

#include "ImporterInternal.h"

#include "llvm/Support/MemoryBuffer.h"

#include <array>
#include <cstring>

using namespace tgc;
using namespace tgc::frontend;

namespace {

/// Whether checksums are verified: always, except in the fuzzing build
/// (test/fuzz), where mutated inputs must get past them to reach the code
/// behind; a checksum only guards against accidents there.
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
constexpr bool kVerifyChecksums = false;
#else
constexpr bool kVerifyChecksums = true;
#endif

uint32_t crc32c(const char *data, size_t size) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i)
    crc = table[(crc ^ static_cast<uint8_t>(data[i])) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

/// TensorFlow stores CRCs masked (rotated and offset), so that a CRC of
/// data that contains CRCs stays well distributed.
uint32_t maskedCrc(const char *data, size_t size) {
  uint32_t crc = crc32c(data, size);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

uint32_t load32(const char *p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

/// A cursor over bytes that fails instead of reading past the end.
struct Reader {
  const char *p, *end;
  bool varint(uint64_t &value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end)
        return false;
      uint8_t byte = static_cast<uint8_t>(*p++);
      value |= uint64_t(byte & 0x7F) << shift;
      if (!(byte & 0x80))
        return true;
    }
    return false;
  }
};

class TableReader {
public:
  TableReader(llvm::StringRef file, std::string name)
      : file(file), name(std::move(name)) {}

  /// Calls `entry(key, value)` for every entry, in key order.
  bool read(const std::function<bool(const std::string &, llvm::StringRef)>
                &entry,
            std::string &error) {
    const size_t footerSize = 48;
    if (file.size() < footerSize ||
        load32(file.data() + file.size() - 8) != 0x8b80fb57u ||
        load32(file.data() + file.size() - 4) != 0xdb477524u)
      return fail(error, "not a checkpoint index (no table footer)");
    Reader footer{file.data() + file.size() - footerSize,
                  file.data() + file.size() - 8};
    uint64_t metaOffset, metaSize, indexOffset, indexSize;
    if (!footer.varint(metaOffset) || !footer.varint(metaSize) ||
        !footer.varint(indexOffset) || !footer.varint(indexSize))
      return fail(error, "corrupt table footer");
    llvm::StringRef index;
    if (!block(indexOffset, indexSize, index, error))
      return false;
    return entries(index, error,
                   [&](const std::string &, llvm::StringRef handle) {
                     Reader r{handle.data(), handle.data() + handle.size()};
                     uint64_t offset, size;
                     llvm::StringRef data;
                     if (!r.varint(offset) || !r.varint(size))
                       return fail(error, "corrupt block handle");
                     if (!block(offset, size, data, error))
                       return false;
                     return entries(data, error, entry);
                   });
  }

private:
  bool fail(std::string &error, const std::string &message) {
    error = name + ": " + message;
    return false;
  }

  /// The contents of the block at [offset, offset + size), its trailer
  /// (compression byte, masked CRC of contents and that byte) checked.
  bool block(uint64_t offset, uint64_t size, llvm::StringRef &contents,
             std::string &error) {
    if (offset > file.size() || size > file.size() - offset ||
        file.size() - offset - size < 5)
      return fail(error, "a table block lies outside the file");
    const char *start = file.data() + offset;
    if (start[size] != 0)
      return fail(error, "compressed table blocks are not supported "
                         "(compression type " +
                             std::to_string(static_cast<int>(start[size])) +
                             ")");
    if (kVerifyChecksums && maskedCrc(start, size + 1) != load32(start + size + 1))
      return fail(error, "checksum mismatch in a table block (corrupt file)");
    contents = llvm::StringRef(start, size);
    return true;
  }

  /// The entries of a block: shared key prefix, new key bytes, value.
  bool entries(llvm::StringRef block, std::string &error,
               const std::function<bool(const std::string &, llvm::StringRef)>
                   &visit) {
    if (block.size() < 4)
      return fail(error, "corrupt table block");
    uint32_t restarts = load32(block.data() + block.size() - 4);
    if (restarts > (block.size() - 4) / 4)
      return fail(error, "corrupt table block");
    const char *limit = block.data() + block.size() - 4 - 4 * restarts;
    Reader r{block.data(), limit};
    std::string key;
    while (r.p < limit) {
      uint64_t shared, unshared, valueSize;
      if (!r.varint(shared) || !r.varint(unshared) || !r.varint(valueSize) ||
          shared > key.size() || unshared > size_t(limit - r.p) ||
          valueSize > size_t(limit - r.p) - unshared)
        return fail(error, "corrupt table entry");
      key.resize(shared);
      key.append(r.p, unshared);
      r.p += unshared;
      llvm::StringRef value(r.p, valueSize);
      r.p += valueSize;
      if (!visit(key, value))
        return false;
    }
    return true;
  }

  llvm::StringRef file;
  std::string name;
};

} // namespace

bool tgc::frontend::readCheckpoint(
    const std::string &prefix,
    std::map<std::string, CheckpointTensor> &tensors, std::string &error) {
  std::string indexPath = prefix + ".index";
  auto index = llvm::MemoryBuffer::getFile(indexPath, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!index) {
    error = "cannot read checkpoint index '" + indexPath +
            "': " + index.getError().message();
    return false;
  }
  tfp::BundleHeaderProto header;
  bool sawHeader = false;
  std::map<std::string, tfp::BundleEntryProto> entries;
  TableReader table((*index)->getBuffer(), indexPath);
  bool ok = table.read(
      [&](const std::string &key, llvm::StringRef value) {
        if (key.empty()) {
          sawHeader = header.ParseFromArray(value.data(), value.size());
          if (!sawHeader) {
            error = indexPath + ": corrupt checkpoint header";
            return false;
          }
          return true;
        }
        tfp::BundleEntryProto entry;
        if (!entry.ParseFromArray(value.data(), value.size())) {
          error = indexPath + ": corrupt entry for '" + key + "'";
          return false;
        }
        entries[key] = entry;
        return true;
      },
      error);
  if (!ok)
    return false;
  if (!sawHeader) {
    error = indexPath + ": the table has no checkpoint header";
    return false;
  }
  if (header.endianness() != tfp::BundleHeaderProto::LITTLE) {
    error = indexPath + ": big-endian checkpoints are not supported";
    return false;
  }
  if (header.num_shards() <= 0 || header.num_shards() > 100000) {
    error = indexPath + ": invalid number of shards " +
            std::to_string(header.num_shards());
    return false;
  }
  std::map<int, std::unique_ptr<llvm::MemoryBuffer>> shards;
  for (const auto &[key, entry] : entries) {
    // String tensors (the object graph of a TF2 checkpoint) are stored with
    // their own length and checksum layout; tgc has no string dtype and
    // skips them.
    if (entry.dtype() == tfp::DT_STRING)
      continue;
    int shard = entry.shard_id();
    if (shard < 0 || shard >= header.num_shards()) {
      error = indexPath + ": tensor '" + key + "' is in shard " +
              std::to_string(shard) + " of " +
              std::to_string(header.num_shards());
      return false;
    }
    if (!shards.count(shard)) {
      char suffix[64];
      std::snprintf(suffix, sizeof(suffix), ".data-%05d-of-%05d", shard,
                    header.num_shards());
      auto data = llvm::MemoryBuffer::getFile(prefix + suffix, false, false);
      if (!data) {
        error = "cannot read checkpoint shard '" + prefix + suffix +
                "': " + data.getError().message();
        return false;
      }
      shards[shard] = std::move(*data);
    }
    llvm::StringRef bytes = shards[shard]->getBuffer();
    if (entry.offset() < 0 || entry.size() < 0 ||
        static_cast<uint64_t>(entry.offset()) > bytes.size() ||
        static_cast<uint64_t>(entry.size()) >
            bytes.size() - static_cast<uint64_t>(entry.offset())) {
      error = indexPath + ": tensor '" + key +
              "' lies outside its data shard";
      return false;
    }
    llvm::StringRef data = bytes.substr(entry.offset(), entry.size());
    if (kVerifyChecksums &&
        maskedCrc(data.data(), data.size()) != entry.crc32c()) {
      error = "checkpoint '" + prefix + "': checksum mismatch for tensor '" +
              key + "' (corrupt data shard)";
      return false;
    }
    CheckpointTensor tensor;
    tensor.dtype = entry.dtype();
    tensor.shape = entry.shape();
    tensor.bytes = data.str();
    tensors[key] = std::move(tensor);
  }
  return true;
}
