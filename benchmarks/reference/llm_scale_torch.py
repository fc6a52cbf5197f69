#!/usr/bin/python3
"""PyTorch side of `reins bench --suite llm-scale`: the same rows for the same GPT-2 model directory.

A GPT-2 written here from the architecture (not Hugging Face's code, which is not installed): loads config.json and
model.safetensors (F32) with its own reader, then measures, on one thread:
  - generation tokens/s at batch 1 and 16: a 16-token prompt (one forward pass), then 64 greedy tokens over a KV cache;
  - full fine-tuning trained tokens/s at 8 x 128 tokens: forward, cross-entropy, backward, clip to norm 1, AdamW;
  - peak RSS of this process.
Prints one JSON object with the row names the Java side uses. Usage (Debian python3-torch with libopenblas0-pthread;
Reins' side sets OPENBLAS_NUM_THREADS=1 for it):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/reference/llm_scale_torch.py MODEL_DIR
"""
import json
import math
import re
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch

torch.set_num_threads(1)
PROMPT, NEW, ROWS, TOKENS, STEPS = 16, 64, 8, 128, 3


def read_safetensors(path):
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4, offset=8 + n + begin).reshape(info["shape"])
        out[name.removeprefix("transformer.")] = torch.from_numpy(array.copy())
    return out


class Gpt2(torch.nn.Module):
    def __init__(self, config, weights):
        super().__init__()
        self.d, self.h, self.layers, self.eps = config["n_embd"], config["n_head"], config["n_layer"], config["layer_norm_epsilon"]
        buffers = re.compile(r"h\.\d+\.attn\.(masked_)?bias$")  # causal-mask buffers of older checkpoints, not weights
        self.w = torch.nn.ParameterDict({k.replace(".", "_"): torch.nn.Parameter(v) for k, v in weights.items()
                                         if not buffers.match(k) and k != "lm_head.weight"})

    def p(self, name):
        return self.w[name.replace(".", "_")]

    def ln(self, x, name):
        return torch.nn.functional.layer_norm(x, (self.d,), self.p(name + ".weight"), self.p(name + ".bias"), self.eps)

    def forward(self, ids, cache=None, start=0):
        """ids [B, T] → logits [B, T, V]; cache: per layer (k, v) lists to extend (generation) or None (training)."""
        b, t = ids.shape
        hd = self.d // self.h
        x = self.p("wte.weight")[ids] + self.p("wpe.weight")[start:start + t]
        for l in range(self.layers):
            pre = f"h.{l}."
            h = self.ln(x, pre + "ln_1")
            qkv = h @ self.p(pre + "attn.c_attn.weight") + self.p(pre + "attn.c_attn.bias")
            q, k, v = (m.view(b, t, self.h, hd).transpose(1, 2) for m in qkv.split(self.d, dim=-1))
            if cache is not None:
                if cache[l] is not None:
                    k = torch.cat([cache[l][0], k], dim=2)
                    v = torch.cat([cache[l][1], v], dim=2)
                cache[l] = (k, v)
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
            if t > 1:
                mask = torch.triu(torch.ones(t, k.shape[2], dtype=torch.bool), diagonal=k.shape[2] - t + 1)
                scores = scores.masked_fill(mask, float("-inf"))
            a = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, self.d)
            x = x + a @ self.p(pre + "attn.c_proj.weight") + self.p(pre + "attn.c_proj.bias")
            h = self.ln(x, pre + "ln_2")
            u = h @ self.p(pre + "mlp.c_fc.weight") + self.p(pre + "mlp.c_fc.bias")
            u = 0.5 * u * (1 + torch.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u ** 3)))
            x = x + u @ self.p(pre + "mlp.c_proj.weight") + self.p(pre + "mlp.c_proj.bias")
        return self.ln(x, "ln_f") @ self.p("wte.weight").T


def generate(model, prompts, new_tokens):
    with torch.no_grad():
        cache = [None] * model.layers
        logits = model(prompts, cache, 0)
        token = logits[:, -1].argmax(-1, keepdim=True)
        for i in range(new_tokens - 1):
            logits = model(token, cache, prompts.shape[1] + i)
            token = logits[:, -1].argmax(-1, keepdim=True)


def main(model_dir):
    config = json.loads((Path(model_dir) / "config.json").read_text())
    model = Gpt2(config, read_safetensors(Path(model_dir) / "model.safetensors"))
    vocab = config["vocab_size"]
    g = torch.Generator().manual_seed(0)
    rows = {}
    for batch in (1, 16):
        prompts = torch.randint(0, vocab, (batch, PROMPT), generator=g)
        generate(model, prompts, 4)
        start = time.perf_counter()
        generate(model, prompts, NEW)
        rows[f"generate_batch{batch}_tokens_per_second"] = batch * NEW / (time.perf_counter() - start)
    ids = torch.randint(0, vocab, (ROWS, TOKENS), generator=g)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.01)
    seconds = 0.0
    for step in range(STEPS + 1):
        start = time.perf_counter()
        logits = model(ids)
        loss = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, vocab), ids[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step > 0:
            seconds += time.perf_counter() - start
    rows["sft_trained_tokens_per_second"] = ROWS * TOKENS * STEPS / seconds
    for m, k, n in ((1024, 768, 3072), (1024, 768, 50257)):
        x, w = torch.rand(m, k), torch.rand(k, n)
        x @ w
        start = time.perf_counter()
        for _ in range(3):
            x @ w
        rows[f"sgemm_{m}x{k}x{n}_gflops"] = 2 * m * k * n / ((time.perf_counter() - start) / 3) / 1e9
    # VmHWM, not getrusage's ru_maxrss: that survives execve, so a child of a large JVM would report the JVM's peak.
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    rows["peak_rss_gb"] = int(hwm.split()[1]) / 1024 / 1024
    print(json.dumps(rows))


if __name__ == "__main__":
    main(sys.argv[1])
