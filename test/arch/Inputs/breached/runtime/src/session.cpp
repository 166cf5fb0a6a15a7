#include "tgc/Driver/Driver.h"
