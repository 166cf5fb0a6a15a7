#include "tgc/Target/CPU/Codegen.h"
