#include "../../Frontend/ImporterInternal.h"
