import json

import torch
from safetensors import safe_open
from safetensors.torch import load_file

weights, meta = load_file("mul.rnn"), safe_open("mul.rnn", "pt").metadata()
rnn = torch.nn.RNN(**json.loads(meta["rnn"]), dtype=torch.float64)
rnn.load_state_dict({k[4:]: v for k, v in weights.items() if k.startswith("rnn.")})
h0 = torch.relu(weights["encoder"] @ torch.tensor([1.0, 6, 7], dtype=torch.float64))  # [1, a, b]
states, _ = rnn(torch.zeros(1000, 1, 1, dtype=torch.float64), h0.view(1, 1, -1))  # 1000 ticks
halt = json.loads(meta["labels"]).index("pc:halt")
print("steps:", int((states[:, 0, halt] == 0).sum()) + 1)  # the first tick with pc:halt == 1
print("c =", int(weights["readout.weight"] @ states[-1, 0]))  # readout rows: the output registers
