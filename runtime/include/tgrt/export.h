/*===- tgrt/export.h - Symbol visibility of the tgrt runtime ------*- C -*-===*
 *
 * libtgrt is built with hidden visibility; only declarations marked TGRT_API
 * are exported from the shared library.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TGRT_EXPORT_H
#define TGRT_EXPORT_H

#ifndef TGRT_API
#if defined(__GNUC__) || defined(__clang__)
#define TGRT_API __attribute__((visibility("default")))
#else
#define TGRT_API
#endif
#endif

#endif /* TGRT_EXPORT_H */
