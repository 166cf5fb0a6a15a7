// RUN: tgc-opt %s -canonicalize -split-input-file | FileCheck %s

// Constant folding of the elementwise, shape and reduction tg ops, with
// TensorFlow's semantics (broadcasting, floor division and modulo rounding
// towards negative infinity, Cast truncating towards zero, integer Mean
// truncating), and the folds that forward an operand unchanged.

// CHECK-LABEL: func.func @add_broadcast
// CHECK-NEXT: %[[C:.*]] = tg.constant dense<{{\[}}[1.100000e+01, 2.200000e+01, 3.300000e+01], [1.400000e+01, 2.500000e+01, 3.600000e+01]]> : tensor<2x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @add_broadcast() -> tensor<2x3xf32> {
  %a = tg.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = tg.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %0 = tg.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// [2, 1] against [3]: both operands stretch.
// CHECK-LABEL: func.func @sub_mul_broadcast_both
// CHECK-NEXT: %[[S:.*]] = tg.constant dense<{{\[}}[9, 8, 7], [19, 18, 17]]> : tensor<2x3xi32>
// CHECK-NEXT: %[[M:.*]] = tg.constant dense<{{\[}}[10, 20, 30], [20, 40, 60]]> : tensor<2x3xi32>
// CHECK-NEXT: return %[[S]], %[[M]]
func.func @sub_mul_broadcast_both() -> (tensor<2x3xi32>, tensor<2x3xi32>) {
  %a = tg.constant dense<[[10], [20]]> : tensor<2x1xi32>
  %b = tg.constant dense<[1, 2, 3]> : tensor<3xi32>
  %0 = tg.sub %a, %b : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %1 = tg.mul %b, %a : (tensor<3xi32>, tensor<2x1xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<2x3xi32>
}

// -----

// A splat operand broadcasts too.
// CHECK-LABEL: func.func @mul_splat_scalar
// CHECK-NEXT: tg.constant dense<[-2.000000e+00, 4.000000e+00, 5.000000e-01]> : tensor<3xf32>
func.func @mul_splat_scalar() -> tensor<3xf32> {
  %a = tg.constant dense<[-1.0, 2.0, 0.25]> : tensor<3xf32>
  %b = tg.constant dense<2.0> : tensor<f32>
  %0 = tg.mul %a, %b : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @div
// CHECK-NEXT: tg.constant dense<[2.500000e+00, -2.500000e-01, 0x7F800000]> : tensor<3xf32>
func.func @div() -> tensor<3xf32> {
  %a = tg.constant dense<[5.0, 1.0, 1.0]> : tensor<3xf32>
  %b = tg.constant dense<[2.0, -4.0, 0.0]> : tensor<3xf32>
  %0 = tg.div %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// TF's FloorDiv rounds towards negative infinity and FloorMod takes the
// divisor's sign: floor_div(-7, 2) = -4, floor_mod(-7, 2) = 1,
// floor_mod(7, -2) = -1, floor_mod(-1, 3) = 2.
// CHECK-LABEL: func.func @floor_div_mod_int
// CHECK-NEXT: %[[D:.*]] = tg.constant dense<[3, -4, -4, 3, -3, 0, -1]> : tensor<7xi32>
// CHECK-NEXT: %[[M:.*]] = tg.constant dense<[1, 1, -1, -1, 0, 1, 2]> : tensor<7xi32>
// CHECK-NEXT: return %[[D]], %[[M]]
func.func @floor_div_mod_int() -> (tensor<7xi32>, tensor<7xi32>) {
  %a = tg.constant dense<[7, -7, 7, -7, 6, 1, -1]> : tensor<7xi32>
  %b = tg.constant dense<[2, 2, -2, -2, -2, 3, 3]> : tensor<7xi32>
  %0 = tg.floor_div %a, %b : (tensor<7xi32>, tensor<7xi32>) -> tensor<7xi32>
  %1 = tg.floor_mod %a, %b : (tensor<7xi32>, tensor<7xi32>) -> tensor<7xi32>
  return %0, %1 : tensor<7xi32>, tensor<7xi32>
}

// -----

// Unsigned operands divide as unsigned: 250 / 7 = 35 rem 5.
// CHECK-LABEL: func.func @floor_div_mod_unsigned
// CHECK-NEXT: %[[D:.*]] = tg.constant dense<35> : tensor<1xui8>
// CHECK-NEXT: %[[M:.*]] = tg.constant dense<5> : tensor<1xui8>
func.func @floor_div_mod_unsigned() -> (tensor<1xui8>, tensor<1xui8>) {
  %a = tg.constant dense<250> : tensor<1xui8>
  %b = tg.constant dense<7> : tensor<1xui8>
  %0 = tg.floor_div %a, %b : (tensor<1xui8>, tensor<1xui8>) -> tensor<1xui8>
  %1 = tg.floor_mod %a, %b : (tensor<1xui8>, tensor<1xui8>) -> tensor<1xui8>
  return %0, %1 : tensor<1xui8>, tensor<1xui8>
}

// -----

// CHECK-LABEL: func.func @floor_div_mod_float
// CHECK-NEXT: %[[D:.*]] = tg.constant dense<[3.000000e+00, -4.000000e+00, -4.000000e+00, 3.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: %[[M:.*]] = tg.constant dense<[1.000000e+00, 1.000000e+00, -1.000000e+00, -1.000000e+00]> : tensor<4xf32>
func.func @floor_div_mod_float() -> (tensor<4xf32>, tensor<4xf32>) {
  %a = tg.constant dense<[7.0, -7.0, 7.0, -7.0]> : tensor<4xf32>
  %b = tg.constant dense<[2.0, 2.0, -2.0, -2.0]> : tensor<4xf32>
  %0 = tg.floor_div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = tg.floor_mod %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// An integer division by zero is an error at run time in TF: not folded.
// CHECK-LABEL: func.func @floor_div_by_zero
// CHECK: tg.floor_div
// CHECK: tg.floor_mod
func.func @floor_div_by_zero() -> (tensor<2xi32>, tensor<2xi32>) {
  %a = tg.constant dense<[7, 8]> : tensor<2xi32>
  %b = tg.constant dense<[2, 0]> : tensor<2xi32>
  %0 = tg.floor_div %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %1 = tg.floor_mod %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1 : tensor<2xi32>, tensor<2xi32>
}

// -----

// Maximum and Minimum propagate NaN; integers compare signed.
// CHECK-LABEL: func.func @maximum_minimum
// CHECK-NEXT: %[[MAX:.*]] = tg.constant dense<[2.000000e+00, 0x7FC00000, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[MIN:.*]] = tg.constant dense<[1.000000e+00, 0x7FC00000, -5.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[IMAX:.*]] = tg.constant dense<[3, -1]> : tensor<2xi8>
// CHECK-NEXT: %[[IMIN:.*]] = tg.constant dense<[-128, -2]> : tensor<2xi8>
func.func @maximum_minimum() -> (tensor<3xf32>, tensor<3xf32>, tensor<2xi8>, tensor<2xi8>) {
  %a = tg.constant dense<[1.0, 0x7FC00000, -5.0]> : tensor<3xf32>
  %b = tg.constant dense<[2.0, 1.0, 3.0]> : tensor<3xf32>
  %0 = tg.maximum %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tg.minimum %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %i = tg.constant dense<[-128, -1]> : tensor<2xi8>
  %j = tg.constant dense<[3, -2]> : tensor<2xi8>
  %2 = tg.maximum %i, %j : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  %3 = tg.minimum %i, %j : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<2xi8>, tensor<2xi8>
}

// -----

// Unsigned maximum: 200 > 100 (it would be -56 < 100 as a signed i8).
// CHECK-LABEL: func.func @maximum_unsigned
// CHECK-NEXT: tg.constant dense<200> : tensor<1xui8>
func.func @maximum_unsigned() -> tensor<1xui8> {
  %a = tg.constant dense<200> : tensor<1xui8>
  %b = tg.constant dense<100> : tensor<1xui8>
  %0 = tg.maximum %a, %b : (tensor<1xui8>, tensor<1xui8>) -> tensor<1xui8>
  return %0 : tensor<1xui8>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK-NEXT: %[[F:.*]] = tg.constant dense<[1.024000e+03, 5.000000e-01, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[I:.*]] = tg.constant dense<[1024, 1, -27, 1, 0]> : tensor<5xi32>
func.func @pow() -> (tensor<3xf32>, tensor<5xi32>) {
  %a = tg.constant dense<[2.0, 4.0, 9.0]> : tensor<3xf32>
  %b = tg.constant dense<[10.0, -0.5, 0.5]> : tensor<3xf32>
  %0 = tg.pow %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %i = tg.constant dense<[2, 5, -3, -1, 0]> : tensor<5xi32>
  %j = tg.constant dense<[10, 0, 3, 64, 100]> : tensor<5xi32>
  %1 = tg.pow %i, %j : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  return %0, %1 : tensor<3xf32>, tensor<5xi32>
}

// -----

// Exponents above 64 of -1, 0 and 1 still fold: (-1)^65 = -1, (-1)^66 = 1,
// 1^1000 = 1, 0^1000 = 0.
// CHECK-LABEL: func.func @pow_large_exponent
// CHECK-NEXT: tg.constant dense<[-1, 1, 1, 0]> : tensor<4xi64>
func.func @pow_large_exponent() -> tensor<4xi64> {
  %i = tg.constant dense<[-1, -1, 1, 0]> : tensor<4xi64>
  %j = tg.constant dense<[65, 66, 1000, 1000]> : tensor<4xi64>
  %0 = tg.pow %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// TF rejects negative integer exponents at run time: not folded.
// CHECK-LABEL: func.func @pow_negative_int_exponent
// CHECK: tg.pow
func.func @pow_negative_int_exponent() -> tensor<1xi32> {
  %a = tg.constant dense<2> : tensor<1xi32>
  %b = tg.constant dense<-1> : tensor<1xi32>
  %0 = tg.pow %a, %b : (tensor<1xi32>, tensor<1xi32>) -> tensor<1xi32>
  return %0 : tensor<1xi32>
}

// -----

// CHECK-LABEL: func.func @squared_difference_atan2_prelu
// CHECK-NEXT: %[[SD:.*]] = tg.constant dense<[9.000000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[SDI:.*]] = tg.constant dense<[16, 49]> : tensor<2xi32>
// CHECK-NEXT: %[[AT:.*]] = tg.constant dense<[0.000000e+00, 3.14159274]> : tensor<2xf32>
// CHECK-NEXT: %[[PR:.*]] = tg.constant dense<[-5.000000e-01, 3.000000e+00]> : tensor<2xf32>
func.func @squared_difference_atan2_prelu() -> (tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf32>) {
  %a = tg.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %b = tg.constant dense<[4.0, 0.0]> : tensor<2xf32>
  %0 = tg.squared_difference %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %i = tg.constant dense<[-1, 5]> : tensor<2xi32>
  %j = tg.constant dense<[3, -2]> : tensor<2xi32>
  %1 = tg.squared_difference %i, %j : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  // atan2(y, x): atan2(0, 1) = 0, atan2(0, -1) = pi.
  %y = tg.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %x = tg.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %2 = tg.atan2 %y, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // prelu: x >= 0 ? x : alpha * x.
  %p = tg.constant dense<[-2.0, 3.0]> : tensor<2xf32>
  %alpha = tg.constant dense<0.25> : tensor<f32>
  %3 = tg.prelu %p, %alpha : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Comparisons give bools, broadcasting; NaN compares unequal to everything.
// CHECK-LABEL: func.func @comparisons
// CHECK-NEXT: %[[EQ:.*]] = tg.constant dense<{{\[}}[false, true, false], [false, false, false]]> : tensor<2x3xi1>
// CHECK-NEXT: %[[NE:.*]] = tg.constant dense<{{\[}}[true, false, true], [true, true, true]]> : tensor<2x3xi1>
// CHECK-NEXT: %[[LT:.*]] = tg.constant dense<{{\[}}[true, false, false], [false, false, false]]> : tensor<2x3xi1>
// CHECK-NEXT: %[[LE:.*]] = tg.constant dense<{{\[}}[true, true, false], [false, false, false]]> : tensor<2x3xi1>
// CHECK-NEXT: %[[GT:.*]] = tg.constant dense<{{\[}}[false, false, false], [true, true, false]]> : tensor<2x3xi1>
// CHECK-NEXT: %[[GE:.*]] = tg.constant dense<{{\[}}[false, true, false], [true, true, false]]> : tensor<2x3xi1>
func.func @comparisons() -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %a = tg.constant dense<[[1.0, 2.0, 0x7FC00000], [4.0, 5.0, 0x7FC00000]]> : tensor<2x3xf32>
  %b = tg.constant dense<[2.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = tg.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = tg.not_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %2 = tg.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %3 = tg.less_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %4 = tg.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %5 = tg.greater_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// -----

// Signed integers compare signed, unsigned ones unsigned.
// CHECK-LABEL: func.func @comparisons_int
// CHECK-NEXT: %[[S:.*]] = tg.constant dense<[true, false]> : tensor<2xi1>
// CHECK-NEXT: %[[U:.*]] = tg.constant dense<[false, true]> : tensor<2xi1>
// CHECK-NEXT: %[[B:.*]] = tg.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-NEXT: return %[[S]], %[[U]], %[[B]]
func.func @comparisons_int() -> (tensor<2xi1>, tensor<2xi1>, tensor<3xi1>) {
  %a = tg.constant dense<[-1, 7]> : tensor<2xi32>
  %b = tg.constant dense<[0, 7]> : tensor<2xi32>
  %0 = tg.less %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi1>
  %u = tg.constant dense<[200, 100]> : tensor<2xui8>
  %v = tg.constant dense<[100, 200]> : tensor<2xui8>
  %1 = tg.less %u, %v : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xi1>
  %p = tg.constant dense<[true, false, true]> : tensor<3xi1>
  %q = tg.constant dense<[true, true, false]> : tensor<3xi1>
  %2 = tg.equal %p, %q : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<2xi1>, tensor<2xi1>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func.func @logical
// CHECK-NEXT: %[[AND:.*]] = tg.constant dense<{{\[}}[true, false], [false, false]]> : tensor<2x2xi1>
// CHECK-NEXT: %[[OR:.*]] = tg.constant dense<{{\[}}[true, true], [true, false]]> : tensor<2x2xi1>
// CHECK-NEXT: %[[NOT:.*]] = tg.constant dense<[false, true]> : tensor<2xi1>
func.func @logical() -> (tensor<2x2xi1>, tensor<2x2xi1>, tensor<2xi1>) {
  %a = tg.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %b = tg.constant dense<[true, false]> : tensor<2xi1>
  %0 = tg.logical_and %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %1 = tg.logical_or %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %2 = tg.logical_not %b : tensor<2xi1>
  return %0, %1, %2 : tensor<2x2xi1>, tensor<2x2xi1>, tensor<2xi1>
}

// -----

// CHECK-LABEL: func.func @unary_float
// CHECK-NEXT: %[[SIG:.*]] = tg.constant dense<[5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[TANH:.*]] = tg.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[EXP:.*]] = tg.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[LOG:.*]] = tg.constant dense<[0.000000e+00, 0xFF800000]> : tensor<2xf32>
// CHECK-NEXT: %[[SQRT:.*]] = tg.constant dense<[2.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[RSQRT:.*]] = tg.constant dense<[5.000000e-01, 0x7F800000]> : tensor<2xf32>
// CHECK-NEXT: %[[RECIP:.*]] = tg.constant dense<[2.500000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[FLOOR:.*]] = tg.constant dense<[-2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[CEIL:.*]] = tg.constant dense<[-1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[ROUND:.*]] = tg.constant dense<[0.000000e+00, 2.000000e+00, 2.000000e+00, -0.000000e+00, -2.000000e+00]> : tensor<5xf32>
// CHECK-NEXT: %[[SIN:.*]] = tg.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[COS:.*]] = tg.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[ELU:.*]] = tg.constant dense<[2.000000e+00, -1.000000e+00]> : tensor<2xf32>
func.func @unary_float() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = tg.constant dense<[0.0, 1000.0]> : tensor<2xf32>
  %0 = tg.sigmoid %c : tensor<2xf32>
  %t = tg.constant dense<[0.0, -1000.0]> : tensor<2xf32>
  %1 = tg.tanh %t : tensor<2xf32>
  %2 = tg.exp %t : tensor<2xf32>
  %l = tg.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %3 = tg.log %l : tensor<2xf32>
  %s = tg.constant dense<[4.0, 0.0]> : tensor<2xf32>
  %4 = tg.sqrt %s : tensor<2xf32>
  %5 = tg.rsqrt %s : tensor<2xf32>
  %r = tg.constant dense<[4.0, -2.0]> : tensor<2xf32>
  %6 = tg.reciprocal %r : tensor<2xf32>
  %f = tg.constant dense<[-1.5, 1.5]> : tensor<2xf32>
  %7 = tg.floor %f : tensor<2xf32>
  %8 = tg.ceil %f : tensor<2xf32>
  // Round halves to even.
  %h = tg.constant dense<[0.5, 1.5, 2.5, -0.5, -2.5]> : tensor<5xf32>
  %9 = tg.round %h : tensor<5xf32>
  %z = tg.constant dense<[0.0, 1.57079632679489661923]> : tensor<2xf32>
  %10 = tg.sin %z : tensor<2xf32>
  %p = tg.constant dense<[0.0, 3.14159265358979323846]> : tensor<2xf32>
  %11 = tg.cos %p : tensor<2xf32>
  // elu(-inf) = exp(-inf) - 1 = -1.
  %e = tg.constant dense<[2.0, 0xFF800000]> : tensor<2xf32>
  %12 = tg.elu %e : tensor<2xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// A splat folds to a splat; f16 keeps its type.
// CHECK-LABEL: func.func @unary_splat_f16
// CHECK-NEXT: tg.constant dense<3.000000e+00> : tensor<2x2xf16>
func.func @unary_splat_f16() -> tensor<2x2xf16> {
  %a = tg.constant dense<9.0> : tensor<2x2xf16>
  %0 = tg.sqrt %a : tensor<2x2xf16>
  return %0 : tensor<2x2xf16>
}

// -----

// CHECK-LABEL: func.func @neg_abs_square
// CHECK-NEXT: %[[NEG:.*]] = tg.constant dense<[3, -4, 0]> : tensor<3xi32>
// CHECK-NEXT: %[[ABS:.*]] = tg.constant dense<[3, 4, 0]> : tensor<3xi32>
// CHECK-NEXT: %[[SQ:.*]] = tg.constant dense<[9, 16, 0]> : tensor<3xi32>
// CHECK-NEXT: %[[FNEG:.*]] = tg.constant dense<[-1.500000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[FABS:.*]] = tg.constant dense<[1.500000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[FSQ:.*]] = tg.constant dense<[2.250000e+00, 4.000000e+00]> : tensor<2xf32>
func.func @neg_abs_square() -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %i = tg.constant dense<[-3, 4, 0]> : tensor<3xi32>
  %0 = tg.neg %i : tensor<3xi32>
  %1 = tg.abs %i : tensor<3xi32>
  %2 = tg.square %i : tensor<3xi32>
  %f = tg.constant dense<[1.5, -2.0]> : tensor<2xf32>
  %3 = tg.neg %f : tensor<2xf32>
  %4 = tg.abs %f : tensor<2xf32>
  %5 = tg.square %f : tensor<2xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @relu6
// CHECK-NEXT: %[[F:.*]] = tg.constant dense<[0.000000e+00, 3.500000e+00, 6.000000e+00, 0x7FC00000]> : tensor<4xf32>
// CHECK-NEXT: %[[I:.*]] = tg.constant dense<[0, 5, 6]> : tensor<3xi8>
// CHECK-NEXT: %[[U:.*]] = tg.constant dense<[0, 6]> : tensor<2xui8>
func.func @relu6() -> (tensor<4xf32>, tensor<3xi8>, tensor<2xui8>) {
  %f = tg.constant dense<[-1.0, 3.5, 7.0, 0x7FC00000]> : tensor<4xf32>
  %0 = tg.relu6 %f : tensor<4xf32>
  %i = tg.constant dense<[-100, 5, 100]> : tensor<3xi8>
  %1 = tg.relu6 %i : tensor<3xi8>
  %u = tg.constant dense<[0, 200]> : tensor<2xui8>
  %2 = tg.relu6 %u : tensor<2xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<3xi8>, tensor<2xui8>
}

// -----

// Cast: float to integer truncates towards zero; to bool is x != 0 (NaN
// included); from bool is 0 or 1; integer narrowing wraps; unsigned
// widening zero-extends.
// CHECK-LABEL: func.func @cast
// CHECK-NEXT: %[[FI:.*]] = tg.constant dense<[-1, 0, 0, 1, 2]> : tensor<5xi32>
// CHECK-NEXT: %[[FB:.*]] = tg.constant dense<[false, false, true, true]> : tensor<4xi1>
// CHECK-NEXT: %[[IB:.*]] = tg.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-NEXT: %[[BF:.*]] = tg.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[BI:.*]] = tg.constant dense<[1, 0]> : tensor<2xi32>
// CHECK-NEXT: %[[NARROW:.*]] = tg.constant dense<[255, 0, 44]> : tensor<3xui8>
// CHECK-NEXT: %[[WIDE:.*]] = tg.constant dense<[255, 0, 44]> : tensor<3xi32>
// CHECK-NEXT: %[[IF:.*]] = tg.constant dense<[-3.000000e+00, 1.600000e+01]> : tensor<2xf16>
// CHECK-NEXT: %[[FF:.*]] = tg.constant dense<[1.500000e+00, -2.500000e-01]> : tensor<2xf64>
func.func @cast() -> (tensor<5xi32>, tensor<4xi1>, tensor<3xi1>, tensor<2xf32>, tensor<2xi32>, tensor<3xui8>, tensor<3xi32>, tensor<2xf16>, tensor<2xf64>) {
  %f = tg.constant dense<[-1.7, -0.5, 0.5, 1.9, 2.0]> : tensor<5xf32>
  %0 = tg.cast %f : tensor<5xf32> -> tensor<5xi32>
  %g = tg.constant dense<[0.0, -0.0, 0.5, 0x7FC00000]> : tensor<4xf32>
  %1 = tg.cast %g : tensor<4xf32> -> tensor<4xi1>
  %i = tg.constant dense<[0, 3, -1]> : tensor<3xi32>
  %2 = tg.cast %i : tensor<3xi32> -> tensor<3xi1>
  %b = tg.constant dense<[true, false]> : tensor<2xi1>
  %3 = tg.cast %b : tensor<2xi1> -> tensor<2xf32>
  %4 = tg.cast %b : tensor<2xi1> -> tensor<2xi32>
  %n = tg.constant dense<[-1, 256, 300]> : tensor<3xi32>
  %5 = tg.cast %n : tensor<3xi32> -> tensor<3xui8>
  %6 = tg.cast %5 : tensor<3xui8> -> tensor<3xi32>
  %s = tg.constant dense<[-3, 16]> : tensor<2xi64>
  %7 = tg.cast %s : tensor<2xi64> -> tensor<2xf16>
  %h = tg.constant dense<[1.5, -0.25]> : tensor<2xf32>
  %8 = tg.cast %h : tensor<2xf32> -> tensor<2xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<5xi32>, tensor<4xi1>, tensor<3xi1>, tensor<2xf32>, tensor<2xi32>, tensor<3xui8>, tensor<3xi32>, tensor<2xf16>, tensor<2xf64>
}

// -----

// CHECK-LABEL: func.func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: return %[[X]]
func.func @cast_same_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tg.cast %x : tensor<2xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = tg.constant dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<3x2xi32> {
  %a = tg.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = tg.reshape %a : tensor<2x3xi32> -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// reshape(reshape(x)) is one reshape; a reshape to the same type is x.
// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.*]] = tg.reshape %[[X]] : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT: return %[[R]], %[[X]]
func.func @reshape_chain(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<2x3xf32>) {
  %0 = tg.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = tg.reshape %0 : tensor<6xf32> -> tensor<3x2xf32>
  %2 = tg.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %1, %2 : tensor<3x2xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_constant
// CHECK-NEXT: %[[T:.*]] = tg.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: %[[T3:.*]] = tg.constant dense<{{\[}}{{\[}}[0, 4], [1, 5]], {{\[}}[2, 6], [3, 7]]]> : tensor<2x2x2xi32>
// CHECK-NEXT: return %[[T]], %[[T3]]
func.func @transpose_constant() -> (tensor<3x2xi32>, tensor<2x2x2xi32>) {
  %a = tg.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = tg.transpose %a, [1, 0] : tensor<2x3xi32> -> tensor<3x2xi32>
  // out[i][j][k] = in[k][i][j] for perm [1, 2, 0].
  %b = tg.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi32>
  %1 = tg.transpose %b, [1, 2, 0] : tensor<2x2x2xi32> -> tensor<2x2x2xi32>
  return %0, %1 : tensor<3x2xi32>, tensor<2x2x2xi32>
}

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = tg.transpose %x, [0, 1, 2] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @concat_constants
// CHECK-NEXT: %[[A0:.*]] = tg.constant dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: %[[A1:.*]] = tg.constant dense<{{\[}}[1, 2, 7, 7], [3, 4, 7, 7]]> : tensor<2x4xi32>
// CHECK-NEXT: return %[[A0]], %[[A1]]
func.func @concat_constants() -> (tensor<3x2xi32>, tensor<2x4xi32>) {
  %a = tg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %b = tg.constant dense<[[5, 6]]> : tensor<1x2xi32>
  %0 = tg.concat %a, %b {axis = 0 : i64} : (tensor<2x2xi32>, tensor<1x2xi32>) -> tensor<3x2xi32>
  %s = tg.constant dense<7> : tensor<2x2xi32>
  %1 = tg.concat %a, %s {axis = 1 : i64} : (tensor<2x2xi32>, tensor<2x2xi32>) -> tensor<2x4xi32>
  return %0, %1 : tensor<3x2xi32>, tensor<2x4xi32>
}

// -----

// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @strided_slice_constant
// CHECK-NEXT: %[[F:.*]] = tg.constant dense<[1, 3, 5]> : tensor<3xi32>
// CHECK-NEXT: %[[B:.*]] = tg.constant dense<[6, 4, 2, 0]> : tensor<4xi32>
// CHECK-NEXT: %[[R:.*]] = tg.constant dense<{{\[}}[8, 7, 6], [2, 1, 0]]> : tensor<2x3xi32>
// CHECK-NEXT: return %[[F]], %[[B]], %[[R]]
func.func @strided_slice_constant() -> (tensor<3xi32>, tensor<4xi32>, tensor<2x3xi32>) {
  %a = tg.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi32>
  %0 = tg.strided_slice %a {begin = array<i64: 1>, limit = array<i64: 7>, strides = array<i64: 2>} : tensor<8xi32> -> tensor<3xi32>
  // Backwards from 6 down to, not including, -1, in steps of 2.
  %1 = tg.strided_slice %a {begin = array<i64: 6>, limit = array<i64: -1>, strides = array<i64: -2>} : tensor<8xi32> -> tensor<4xi32>
  // Rows 2 and 0 (backwards in steps of 2), columns reversed.
  %m = tg.constant dense<[[0, 1, 2], [3, 4, 5], [6, 7, 8]]> : tensor<3x3xi32>
  %r = tg.strided_slice %m {begin = array<i64: 2, 2>, limit = array<i64: -1, -1>, strides = array<i64: -2, -1>} : tensor<3x3xi32> -> tensor<2x3xi32>
  return %0, %1, %r : tensor<3xi32>, tensor<4xi32>, tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @strided_slice_full
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @strided_slice_full(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.strided_slice %x {begin = array<i64: 0, 0>, limit = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A reversal keeps the type but is no identity.
// CHECK-LABEL: func.func @strided_slice_reverse
// CHECK: tg.strided_slice
func.func @strided_slice_reverse(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = tg.strided_slice %x {begin = array<i64: 2>, limit = array<i64: -1>, strides = array<i64: -1>} : tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @tile_constant
// CHECK-NEXT: %[[A:.*]] = tg.constant dense<[1, 2, 1, 2, 1, 2]> : tensor<6xi32>
// CHECK-NEXT: %[[B:.*]] = tg.constant dense<{{\[}}[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2], [3, 4, 3, 4]]> : tensor<4x4xi32>
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @tile_constant() -> (tensor<6xi32>, tensor<4x4xi32>) {
  %a = tg.constant dense<[1, 2]> : tensor<2xi32>
  %0 = tg.tile %a, [3] : tensor<2xi32> -> tensor<6xi32>
  %b = tg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>
  %1 = tg.tile %b, [2, 2] : tensor<2x2xi32> -> tensor<4x4xi32>
  return %0, %1 : tensor<6xi32>, tensor<4x4xi32>
}

// -----

// CHECK-LABEL: func.func @tile_ones
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @tile_ones(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.tile %x, [1, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_constant
// CHECK-NEXT: %[[R:.*]] = tg.constant dense<{{\[}}[1, 2, 3], [1, 2, 3]]> : tensor<2x3xi32>
// CHECK-NEXT: %[[C:.*]] = tg.constant dense<{{\[}}[1, 1, 1], [2, 2, 2]]> : tensor<2x3xi32>
// CHECK-NEXT: %[[S:.*]] = tg.constant dense<5.000000e-01> : tensor<2x2xf32>
// CHECK-NEXT: return %[[R]], %[[C]], %[[S]]
func.func @broadcast_to_constant() -> (tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x2xf32>) {
  %r = tg.constant dense<[1, 2, 3]> : tensor<3xi32>
  %0 = tg.broadcast_to %r : tensor<3xi32> -> tensor<2x3xi32>
  %c = tg.constant dense<[[1], [2]]> : tensor<2x1xi32>
  %1 = tg.broadcast_to %c : tensor<2x1xi32> -> tensor<2x3xi32>
  %s = tg.constant dense<0.5> : tensor<f32>
  %2 = tg.broadcast_to %s : tensor<f32> -> tensor<2x2xf32>
  return %0, %1, %2 : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to_same
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @broadcast_to_same(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tg.broadcast_to %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @gather_constant
// CHECK-NEXT: %[[G0:.*]] = tg.constant dense<{{\[}}[5, 6], [1, 2], [5, 6]]> : tensor<3x2xi32>
// CHECK-NEXT: %[[G1:.*]] = tg.constant dense<{{\[}}{{\[}}[2, 1]], {{\[}}[4, 3]], {{\[}}[6, 5]]]> : tensor<3x1x2xi32>
// CHECK-NEXT: %[[G2:.*]] = tg.constant dense<3> : tensor<i32>
// CHECK-NEXT: return %[[G0]], %[[G1]], %[[G2]]
func.func @gather_constant() -> (tensor<3x2xi32>, tensor<3x1x2xi32>, tensor<i32>) {
  %p = tg.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>
  %i = tg.constant dense<[2, 0, 2]> : tensor<3xi32>
  %0 = tg.gather %p, %i {axis = 0 : i64} : (tensor<3x2xi32>, tensor<3xi32>) -> tensor<3x2xi32>
  %j = tg.constant dense<[[1, 0]]> : tensor<1x2xi64>
  %1 = tg.gather %p, %j {axis = 1 : i64} : (tensor<3x2xi32>, tensor<1x2xi64>) -> tensor<3x1x2xi32>
  // A scalar index of a vector: the shape computation Shape -> Gather.
  %v = tg.constant dense<[7, 3, 9]> : tensor<3xi32>
  %k = tg.constant dense<1> : tensor<i32>
  %2 = tg.gather %v, %k {axis = 0 : i64} : (tensor<3xi32>, tensor<i32>) -> tensor<i32>
  return %0, %1, %2 : tensor<3x2xi32>, tensor<3x1x2xi32>, tensor<i32>
}

// -----

// An index out of range is an error at run time in TF: not folded.
// CHECK-LABEL: func.func @gather_out_of_range
// CHECK: tg.gather
func.func @gather_out_of_range() -> tensor<1xi32> {
  %p = tg.constant dense<[1, 2, 3]> : tensor<3xi32>
  %i = tg.constant dense<[3]> : tensor<1xi32>
  %0 = tg.gather %p, %i {axis = 0 : i64} : (tensor<3xi32>, tensor<1xi32>) -> tensor<1xi32>
  return %0 : tensor<1xi32>
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reduce_sum
// CHECK-NEXT: %[[S0:.*]] = tg.constant dense<[5, 7, 9]> : tensor<3xi32>
// CHECK-NEXT: %[[S1:.*]] = tg.constant dense<{{\[}}[6], [15]]> : tensor<2x1xi32>
// CHECK-NEXT: %[[SA:.*]] = tg.constant dense<21> : tensor<i32>
// CHECK-NEXT: %[[SK:.*]] = tg.constant dense<21> : tensor<1x1xi32>
// CHECK-NEXT: return %[[S0]], %[[S1]], %[[SA]], %[[SK]]
func.func @reduce_sum() -> (tensor<3xi32>, tensor<2x1xi32>, tensor<i32>, tensor<1x1xi32>) {
  %a = tg.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = tg.reduce_sum %a, [0] : tensor<2x3xi32> -> tensor<3xi32>
  %1 = tg.reduce_sum %a, [1] {keep_dims = true} : tensor<2x3xi32> -> tensor<2x1xi32>
  %2 = tg.reduce_sum %a, [0, 1] : tensor<2x3xi32> -> tensor<i32>
  %3 = tg.reduce_sum %a, [0, 1] {keep_dims = true} : tensor<2x3xi32> -> tensor<1x1xi32>
  return %0, %1, %2, %3 : tensor<3xi32>, tensor<2x1xi32>, tensor<i32>, tensor<1x1xi32>
}

// -----

// Float means divide; integer means truncate towards zero as TF's do:
// mean(1, 2) = 1, mean(-3, -4) = -3.
// CHECK-LABEL: func.func @reduce_mean
// CHECK-NEXT: %[[F:.*]] = tg.constant dense<{{\[}}[2.500000e+00, 3.500000e+00, 4.500000e+00]]> : tensor<1x3xf32>
// CHECK-NEXT: %[[FA:.*]] = tg.constant dense<3.500000e+00> : tensor<f32>
// CHECK-NEXT: %[[I:.*]] = tg.constant dense<[1, -3, 5]> : tensor<3xi32>
// CHECK-NEXT: return %[[F]], %[[FA]], %[[I]]
func.func @reduce_mean() -> (tensor<1x3xf32>, tensor<f32>, tensor<3xi32>) {
  %a = tg.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = tg.reduce_mean %a, [0] {keep_dims = true} : tensor<2x3xf32> -> tensor<1x3xf32>
  %1 = tg.reduce_mean %a, [0, 1] : tensor<2x3xf32> -> tensor<f32>
  %i = tg.constant dense<[[1, 2], [-3, -4], [5, 6]]> : tensor<3x2xi32>
  %2 = tg.reduce_mean %i, [1] : tensor<3x2xi32> -> tensor<3xi32>
  return %0, %1, %2 : tensor<1x3xf32>, tensor<f32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @reduce_max_min_prod
// CHECK-NEXT: %[[MAX:.*]] = tg.constant dense<[3, 2]> : tensor<2xi32>
// CHECK-NEXT: %[[MIN:.*]] = tg.constant dense<{{\[}}[-5, -2, 1]]> : tensor<1x3xi32>
// CHECK-NEXT: %[[PROD:.*]] = tg.constant dense<[-6, 10]> : tensor<2xi32>
// CHECK-NEXT: %[[FMAX:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[FPROD:.*]] = tg.constant dense<1.500000e+00> : tensor<f32>
func.func @reduce_max_min_prod() -> (tensor<2xi32>, tensor<1x3xi32>, tensor<2xi32>, tensor<f32>, tensor<f32>) {
  %a = tg.constant dense<[[3, -2, 1], [-5, -1, 2]]> : tensor<2x3xi32>
  %0 = tg.reduce_max %a, [1] : tensor<2x3xi32> -> tensor<2xi32>
  %1 = tg.reduce_min %a, [0] {keep_dims = true} : tensor<2x3xi32> -> tensor<1x3xi32>
  %2 = tg.reduce_prod %a, [1] : tensor<2x3xi32> -> tensor<2xi32>
  %f = tg.constant dense<[-0.5, -3.0, 1.0]> : tensor<3xf32>
  %3 = tg.reduce_max %f, [0] : tensor<3xf32> -> tensor<f32>
  %4 = tg.reduce_prod %f, [0] : tensor<3xf32> -> tensor<f32>
  return %0, %1, %2, %3, %4 : tensor<2xi32>, tensor<1x3xi32>, tensor<2xi32>, tensor<f32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @reduce_any_all
// CHECK-NEXT: %[[ANY:.*]] = tg.constant dense<[true, false]> : tensor<2xi1>
// CHECK-NEXT: %[[ALL:.*]] = tg.constant dense<{{\[}}[false, false, true]]> : tensor<1x3xi1>
func.func @reduce_any_all() -> (tensor<2xi1>, tensor<1x3xi1>) {
  %a = tg.constant dense<[[true, false, true], [false, false, false]]> : tensor<2x3xi1>
  %0 = tg.reduce_any %a, [1] : tensor<2x3xi1> -> tensor<2xi1>
  %b = tg.constant dense<[[true, false, true], [false, true, true]]> : tensor<2x3xi1>
  %1 = tg.reduce_all %b, [0] {keep_dims = true} : tensor<2x3xi1> -> tensor<1x3xi1>
  return %0, %1 : tensor<2xi1>, tensor<1x3xi1>
}

// -----

// A reduction over an empty dimension is left alone.
// CHECK-LABEL: func.func @reduce_empty
// CHECK: tg.reduce_max
func.func @reduce_empty() -> tensor<2xf32> {
  %a = tg.constant dense<> : tensor<2x0xf32>
  %0 = tg.reduce_max %a, [1] : tensor<2x0xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
