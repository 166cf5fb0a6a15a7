//===- OptimizerDefaults.h - Default hyper-parameters of tg-optimizer -*- C++ -*-===//
//
// The one definition of the training defaults: tg-optimizer's pass options
// (Passes.td), the driver's CompileOptions and tgc's command line all take
// them from here, so `tgc --train` and `tgc-opt --tg-optimizer` train alike.
// Keras's defaults for SGD, momentum and Adam, except the learning rate of
// SGD and momentum (Keras: 0.01 as well).
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TRANSFORMS_OPTIMIZERDEFAULTS_H
#define TGC_TRANSFORMS_OPTIMIZERDEFAULTS_H

#include <string_view>

namespace tgc::tg {

/// A learning rate of exactly this value means "the optimizer's default":
/// defaultLearningRate(optimizer).
inline constexpr double kOptimizerDefaultLearningRate = -1.0;
inline constexpr double kDefaultSgdLearningRate = 0.01;
inline constexpr double kDefaultAdamLearningRate = 0.001;
inline constexpr double kDefaultMomentum = 0.9;
inline constexpr double kDefaultBeta1 = 0.9;
inline constexpr double kDefaultBeta2 = 0.999;
inline constexpr double kDefaultEpsilon = 1e-7;

/// The default learning rate of `optimizer` (sgd, momentum, adam).
constexpr double defaultLearningRate(std::string_view optimizer) {
  return optimizer == "adam" ? kDefaultAdamLearningRate
                             : kDefaultSgdLearningRate;
}

} // namespace tgc::tg

#endif // TGC_TRANSFORMS_OPTIMIZERDEFAULTS_H
