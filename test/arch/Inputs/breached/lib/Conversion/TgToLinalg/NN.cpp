#include "tgc/Frontend/Import.h"
