#include "tgc/Dialect/Tg/IR/TgDialect.h"
#include "tgc/Transforms/Passes.h"
