"""Writes the tfcompile-style test graphs and their tf2xla.Config files.

The graphs follow the cases of tfcompile's own AOT test suite (add, assert_eq,
cond, function, gather, matmul, matmul_and_add, splits, top_k, variable, a read-only
variable, sequential variable updates), written here with TensorFlow 2.21 in
TF1 graph mode (v1 control flow). The printed values are what the session
returned; run_suite.py checks tgc's against them. Run: python make_graphs.py
"""
import numpy as np
import tensorflow as tf

tf1 = tf.compat.v1
tf1.disable_eager_execution()
tf1.disable_control_flow_v2()

results = {}


def write(name, build, feeds, config):
    g = tf.Graph()
    with g.as_default():
        fetches = build()
        with tf1.Session() as s:
            s.run(tf1.global_variables_initializer())
            out = s.run(fetches, {g.get_tensor_by_name(k): v for k, v in feeds.items()})
        tf.io.write_graph(g.as_graph_def(), '.', name + '.pbtxt')
    with open(name + '.config.pbtxt', 'w') as f:
        f.write(config)
    results[name] = out
    print(name, out)


def add():
    x = tf1.placeholder(tf.int32, [], name='x_const')
    y = tf1.placeholder(tf.int32, [], name='y_const')
    return tf.add(x, y, name='x_y_sum')
write('add', add, {'x_const:0': 1, 'y_const:0': 2}, '''
feed { id { node_name: "x_const" } shape { } }
feed { id { node_name: "y_const" } shape { } }
fetch { id { node_name: "x_y_sum" } }
''')


def assert_eq():
    x = tf1.placeholder(tf.int32, [], name='x')
    y = tf1.placeholder(tf.int32, [], name='y')
    check = tf1.Assert(tf.equal(x, y), ['Expected x == y.'], name='assert_eq')
    with tf.control_dependencies([check]):
        return tf.add(x, -y, name='x_y_diff')
write('assert_eq', assert_eq, {'x:0': 5, 'y:0': 5}, '''
feed { id { node_name: "x" } shape { } }
feed { id { node_name: "y" } shape { } }
fetch { id { node_name: "x_y_diff" } }
''')


def cond():
    p = tf1.placeholder(tf.bool, [], name='p_hold')
    x = tf1.placeholder(tf.int32, [], name='x_hold')
    y = tf1.placeholder(tf.int32, [], name='y_hold')
    z = tf.cond(p, lambda: x, lambda: y)
    return tf.identity(z, name='result')
write('cond', cond, {'p_hold:0': True, 'x_hold:0': 10, 'y_hold:0': 20}, '''
feed { id { node_name: "p_hold" } shape { } }
feed { id { node_name: "x_hold" } shape { } }
feed { id { node_name: "y_hold" } shape { } }
fetch { id { node_name: "result" } }
''')


def function():
    @tf.function
    def test_func(a, b):
        return a + b
    x = tf.constant([1.0, 2.0], name='x_const')
    y = tf.constant([3.0, 4.0], name='y_const')
    return tf.identity(test_func(x, y), name='func_call')
write('function', function, {}, '''
fetch { id { node_name: "func_call" } }
''')


def gather():
    params = tf1.placeholder(tf.float32, [4], name='params')
    indices = tf1.placeholder(tf.int32, [2], name='indices')
    return tf.gather(params, indices, name='gather_output')
write('gather', gather, {'params:0': np.array([1, 2, 3, 4], np.float32), 'indices:0': np.array([1, 3], np.int32)}, '''
feed { id { node_name: "params" } shape { dim { size: 4 } } }
feed { id { node_name: "indices" } shape { dim { size: 2 } } }
fetch { id { node_name: "gather_output" } }
''')


def matmul():
    x = tf1.placeholder(tf.float32, [2, 3], name='x_hold')
    y = tf1.placeholder(tf.float32, [3, 2], name='y_hold')
    return tf.matmul(x, y, name='x_y_prod')
write('matmul', matmul, {'x_hold:0': np.arange(6, dtype=np.float32).reshape(2, 3), 'y_hold:0': np.arange(6, dtype=np.float32).reshape(3, 2)}, '''
feed { id { node_name: "x_hold" } shape { dim { size: 2 } dim { size: 3 } } }
feed { id { node_name: "y_hold" } shape { dim { size: 3 } dim { size: 2 } } }
fetch { id { node_name: "x_y_prod" } }
''')


def matmul_and_add():
    x = tf1.placeholder(tf.float32, [2, 2], name='x_hold')
    y = tf1.placeholder(tf.float32, [2, 2], name='y_hold')
    return [tf.matmul(x, y, name='x_y_prod'), tf.add(x, y, name='x_y_sum')]
write('matmul_and_add', matmul_and_add, {'x_hold:0': np.array([[1, 2], [3, 4]], np.float32), 'y_hold:0': np.array([[5, 6], [7, 8]], np.float32)}, '''
feed { id { node_name: "x_hold" } shape { dim { size: 2 } dim { size: 2 } } name: "x" }
feed { id { node_name: "y_hold" } shape { dim { size: 2 } dim { size: 2 } } name: "y" }
fetch { id { node_name: "x_y_prod" } name: "x_y_prod" }
fetch { id { node_name: "x_y_sum" } name: "x_y_sum" }
''')


def splits():
    x = tf1.placeholder(tf.float32, [2, 2], name='x')
    y = tf1.placeholder(tf.float32, [2, 2], name='y')
    a, b = tf.split(tf.concat([x, y], 0), 2, axis=0)
    c, d = tf.split(a + b, 2, axis=1)
    return tf.concat([d, c], 1, name='result')
write('splits', splits, {'x:0': np.array([[1, 2], [3, 4]], np.float32), 'y:0': np.array([[10, 20], [30, 40]], np.float32)}, '''
feed { id { node_name: "x" } shape { dim { size: 2 } dim { size: 2 } } }
feed { id { node_name: "y" } shape { dim { size: 2 } dim { size: 2 } } }
fetch { id { node_name: "result" } }
''')


def top_k():
    x = tf1.placeholder(tf.float32, [5], name='x')
    values, indices = tf.nn.top_k(x, 2, name='values')
    return [tf.identity(values, name='topk_values'), tf.identity(indices, name='topk_indices')]
write('top_k', top_k, {'x:0': np.array([4, 10, 2, 7, 1], np.float32)}, '''
feed { id { node_name: "x" } shape { dim { size: 5 } } }
fetch { id { node_name: "topk_values" } }
fetch { id { node_name: "topk_indices" } }
''')


def variable():
    x = tf1.Variable(42.0, name='var_x', use_resource=True)
    y = tf1.placeholder(tf.float32, [], name='y')
    new = x.assign_add(y)
    return tf.identity(new, name='result')
write('variable', variable, {'y:0': 8.0}, '''
feed { id { node_name: "y" } shape { } }
fetch { id { node_name: "result" } }
variable { node_name: "var_x" type: DT_FLOAT }
''')


def variable_readonly():
    x = tf1.Variable(42.0, name='var_x', use_resource=True)
    y = tf1.placeholder(tf.float32, [], name='y')
    return tf.add(x.read_value(), y, name='result')
write('variable_readonly', variable_readonly, {'y:0': 8.0}, '''
feed { id { node_name: "y" } shape { } }
fetch { id { node_name: "result" } }
variable { node_name: "var_x" type: DT_FLOAT readonly: true }
''')


def sequential_updates():
    x = tf1.Variable(1.0, name='x', use_resource=True)
    y = tf1.Variable(1.0, name='y', use_resource=True)
    updates = tf.no_op()
    for _ in range(3):
        with tf.control_dependencies([updates]):
            x_val = x.read_value() + y
            updates = x.assign_sub(0.1 * x_val)
    return tf.identity(updates, name='result')
write('sequential_updates', sequential_updates, {}, '''
fetch { id { node_name: "result" } }
variable { node_name: "x" type: DT_FLOAT }
variable { node_name: "y" type: DT_FLOAT readonly: true }
''')
