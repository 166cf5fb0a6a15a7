// A counter in the tg dialect (for tgc/variable-counter.test): every run
// adds the feed x to the variable @count, stores the sum back and fetches
// it. The variable starts at [10, -1] and persists across the runs of one
// session.
module {
  tg.variable @count : tensor<2xf32> = dense<[10.0, -1.0]> : tensor<2xf32>
  func.func @main(%x: tensor<2xf32> {tg.feed = "x"}) -> (tensor<2xf32> {tg.fetch = "count/new"}) {
    %old = tg.read @count : tensor<2xf32>
    %new = tg.add %old, %x : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    tg.assign @count, %new : tensor<2xf32>
    return %new : tensor<2xf32>
  }
}
