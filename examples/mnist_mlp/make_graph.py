#!/usr/bin/python3
"""Build the MNIST-like MLP example graph for tgc.

Trains a small multilayer perceptron (784 -> 128 relu -> 10 softmax) with
plain numpy on scikit-learn's bundled 8x8 digits, upscaled to 28x28 so the
images look like MNIST, and writes it as a frozen TensorFlow GraphDef the way
TF1's ``freeze_graph`` writes a Keras ``Dense`` model. No TensorFlow is
needed: the GraphDef is built with tgc's own wire-compatible description,
``lib/Frontend/proto/graph.proto``, compiled on the fly with ``protoc``.

Outputs (next to this script, all committed):

* ``mnist_mlp.pb``              binary GraphDef, feed ``x`` [-1, 784],
                                fetch ``probs`` [-1, 10]
* ``data/images.npy``           16 test images, float32 [16, 784]
* ``data/labels.npy``           their labels, int64 [16]
* ``data/expected_probs.npy``   softmax outputs computed by numpy in float64
                                from the frozen float32 weights, stored as
                                float32 [16, 10]

The run is deterministic (fixed seeds, no downloads). To rebuild, from the
repository root::

    apt-get install -y python3-numpy python3-protobuf python3-sklearn \\
        protobuf-compiler
    /usr/bin/python3 examples/mnist_mlp/make_graph.py

It prints the test accuracy and the node list of the written graph, which is
parsed back from disk as a check.
"""

import argparse
import importlib
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.datasets import load_digits

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
PROTO_DIR = os.path.join(REPO_ROOT, 'lib', 'Frontend', 'proto')

SEED = 20240611
NUM_TEST = 360
NUM_SAMPLES = 16
HIDDEN = 128
CLASSES = 10
IMAGE_SIZE = 28
PIXELS = IMAGE_SIZE * IMAGE_SIZE
# The GraphDef producer version TF 1.15 writes.
TF_PRODUCER = 134


def load_proto_module(tmpdir):
    """Compiles graph.proto with protoc into tmpdir and imports it."""
    subprocess.run(['protoc', '--proto_path=' + PROTO_DIR,
                    '--python_out=' + tmpdir,
                    os.path.join(PROTO_DIR, 'graph.proto')],
                   check=True)
    sys.path.insert(0, tmpdir)
    try:
        return importlib.import_module('graph_pb2')
    finally:
        sys.path.pop(0)


def make_dataset():
    """Returns (x_train, y_train, x_test, y_test) of 28x28 digit images.

    Every 8x8 pixel (0..16) becomes a 3x3 block, the 24x24 result is padded by
    2 pixels on each side and scaled to [0, 1].
    """
    digits = load_digits()
    images = digits.images.astype(np.float64) / 16.0
    images = np.kron(images, np.ones((1, 3, 3)))
    images = np.pad(images, ((0, 0), (2, 2), (2, 2)))
    assert images.shape[1:] == (IMAGE_SIZE, IMAGE_SIZE)
    x = images.reshape(len(images), PIXELS).astype(np.float32)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(x))
    test, train = order[:NUM_TEST], order[NUM_TEST:]
    return x[train], y[train], x[test], y[test]


def forward(params, x):
    """Float64 forward pass; returns (hidden activations, probabilities)."""
    w1, b1, w2, b2 = (np.asarray(p, dtype=np.float64) for p in params)
    h = np.maximum(np.asarray(x, dtype=np.float64) @ w1 + b1, 0.0)
    logits = h @ w2 + b2
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return h, e / e.sum(axis=1, keepdims=True)


def train(x, y, epochs=40, batch=32, lr=1e-3, weight_decay=1e-4):
    """Trains the MLP with Adam on softmax cross-entropy; float64 math."""
    rng = np.random.default_rng(SEED + 1)
    params = [
        rng.normal(0.0, np.sqrt(2.0 / PIXELS), (PIXELS, HIDDEN)),
        np.zeros(HIDDEN),
        rng.normal(0.0, np.sqrt(1.0 / HIDDEN), (HIDDEN, CLASSES)),
        np.zeros(CLASSES),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    onehot = np.eye(CLASSES)[y]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            xb = x[idx].astype(np.float64)
            h, p = forward(params, xb)
            d_logits = (p - onehot[idx]) / len(idx)
            d_h = (d_logits @ params[2].T) * (h > 0.0)
            grads = [xb.T @ d_h + weight_decay * params[0], d_h.sum(axis=0),
                     h.T @ d_logits + weight_decay * params[2],
                     d_logits.sum(axis=0)]
            step += 1
            for i, g in enumerate(grads):
                m[i] = beta1 * m[i] + (1.0 - beta1) * g
                v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
                m_hat = m[i] / (1.0 - beta1 ** step)
                v_hat = v[i] / (1.0 - beta2 ** step)
                params[i] -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return [p.astype(np.float32) for p in params]


def accuracy(params, x, y):
    _, p = forward(params, x)
    return float(np.mean(np.argmax(p, axis=1) == y))


class GraphBuilder:
    """Appends TF1-style NodeDefs to a GraphDef."""

    def __init__(self, pb):
        self.pb = pb
        self.graph = pb.GraphDef()
        self.graph.versions.producer = TF_PRODUCER

    def node(self, name, op, inputs=(), **attrs):
        n = self.graph.node.add()
        n.name = name
        n.op = op
        n.input.extend(inputs)
        for key, value in attrs.items():
            n.attr[key].CopyFrom(value)
        return n

    def type_attr(self, dtype):
        return self.pb.AttrValue(type=dtype)

    def shape_attr(self, dims):
        shape = self.pb.TensorShapeProto()
        for d in dims:
            shape.dim.add().size = d
        return self.pb.AttrValue(shape=shape)

    def tensor_attr(self, array):
        """A float32 tensor: tensor_content for arrays, float_val scalars."""
        array = np.asarray(array, dtype='<f4')
        tensor = self.pb.TensorProto(dtype=self.pb.DT_FLOAT)
        for d in array.shape:
            tensor.tensor_shape.dim.add().size = d
        if array.ndim == 0:
            tensor.float_val.append(float(array))
        else:
            tensor.tensor_content = np.ascontiguousarray(array).tobytes()
        return self.pb.AttrValue(tensor=tensor)

    def const(self, name, array):
        return self.node(name, 'Const',
                         dtype=self.type_attr(self.pb.DT_FLOAT),
                         value=self.tensor_attr(array))

    def variable(self, name, array):
        """A frozen variable: Const plus the Identity '<name>/read'."""
        self.const(name, array)
        colocate = self.pb.AttrValue()
        colocate.list.s.append(('loc:@' + name).encode())
        self.node(name + '/read', 'Identity', [name],
                  T=self.type_attr(self.pb.DT_FLOAT), _class=colocate)
        return name + '/read'

    def dense(self, scope, inputs, kernel, bias):
        f32 = self.type_attr(self.pb.DT_FLOAT)
        k = self.variable(scope + '/kernel', kernel)
        mm = self.node(scope + '/MatMul', 'MatMul', [inputs, k], T=f32,
                       transpose_a=self.pb.AttrValue(b=False),
                       transpose_b=self.pb.AttrValue(b=False))
        b = self.variable(scope + '/bias', bias)
        self.node(scope + '/BiasAdd', 'BiasAdd', [mm.name, b], T=f32,
                  data_format=self.pb.AttrValue(s=b'NHWC'))
        return scope + '/BiasAdd'


def build_graph(pb, params):
    w1, b1, w2, b2 = params
    g = GraphBuilder(pb)
    f32 = g.type_attr(pb.DT_FLOAT)
    g.node('x', 'Placeholder', dtype=f32, shape=g.shape_attr([-1, PIXELS]))
    h = g.dense('dense', 'x', w1, b1)
    g.node('dense/Relu', 'Relu', [h], T=f32)
    # A dangling branch 'probs' does not need: pruning must drop it, and
    # with it the Bucketize op the compiler does not support.
    g.node('unused/Bucketize', 'Bucketize', ['dense/Relu'], T=f32,
           boundaries=pb.AttrValue(list=pb.AttrValue.ListValue(
               f=[0.0, 1.0, 2.0])))
    logits = g.dense('dense_1', 'dense/Relu', w2, b2)
    g.node('probs', 'Softmax', [logits], T=f32)
    return g.graph


def write_npy(path, array):
    np.save(path, np.ascontiguousarray(array), allow_pickle=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out-dir', default=HERE,
                        help='where to write mnist_mlp.pb and data/')
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmpdir:
        pb = load_proto_module(tmpdir)

    x_train, y_train, x_test, y_test = make_dataset()
    params = train(x_train, y_train)
    train_acc = accuracy(params, x_train, y_train)
    test_acc = accuracy(params, x_test, y_test)
    print('train: %d images, test: %d images' % (len(x_train), len(x_test)))
    print('train accuracy: %.4f' % train_acc)
    print('test accuracy:  %.4f' % test_acc)
    if test_acc < 0.95:
        sys.exit('error: test accuracy below 95%')

    graph = build_graph(pb, params)
    data_dir = os.path.join(args.out_dir, 'data')
    os.makedirs(data_dir, exist_ok=True)
    pb_path = os.path.join(args.out_dir, 'mnist_mlp.pb')
    with open(pb_path, 'wb') as f:
        f.write(graph.SerializeToString(deterministic=True))

    images = x_test[:NUM_SAMPLES].astype(np.float32)
    labels = y_test[:NUM_SAMPLES].astype(np.int64)
    _, probs = forward(params, images)
    write_npy(os.path.join(data_dir, 'images.npy'), images)
    write_npy(os.path.join(data_dir, 'labels.npy'), labels)
    write_npy(os.path.join(data_dir, 'expected_probs.npy'),
              probs.astype(np.float32))
    sample_acc = float(np.mean(np.argmax(probs, axis=1) == labels))
    print('sample accuracy (%d images): %.4f' % (NUM_SAMPLES, sample_acc))

    # Check: parse the file back and list its nodes.
    parsed = pb.GraphDef()
    with open(pb_path, 'rb') as f:
        parsed.ParseFromString(f.read())
    print('%s: %d bytes, producer %d, %d nodes' %
          (os.path.relpath(pb_path, REPO_ROOT), os.path.getsize(pb_path),
           parsed.versions.producer, len(parsed.node)))
    for n in parsed.node:
        print('  %-18s %-12s %s' % (n.name, n.op, ', '.join(n.input)))


if __name__ == '__main__':
    main()
