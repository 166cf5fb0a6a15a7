#include "tgc/Driver/Driver.h"
#include "tgc/Frontend/Import.h"
