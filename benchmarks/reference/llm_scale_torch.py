#!/usr/bin/python3
"""PyTorch side of `reins bench --suite llm-scale`: the same rows for the same GPT-2 model directory.

A GPT-2 written here from the architecture (not Hugging Face's code, which is not installed): loads config.json and
model.safetensors (F32) with its own reader, then measures, on one thread:
  - generation tokens/s at batch 1 and 16: a 16-token prompt (one forward pass), then 64 greedy tokens over a KV cache;
  - LoRA fine-tuning trained tokens/s at 8 x 128 tokens (r 8, alpha 16 on every c_attn and c_proj, base frozen, as
    PEFT's target_modules=["c_attn", "c_proj"] matches them), then the peak RSS so far;
  - full fine-tuning trained tokens/s at 8 x 128 tokens: forward, cross-entropy, backward, clip to norm 1, AdamW;
  - peak RSS of this process;
and first, with random weights, the SFT step time of the RLVR demo's model (vocabulary 260, context 12, d 64, 2 layers,
4 heads, untied head; 64 sequences of 9 tokens, the last 4 trained).
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
        self.lora, self.lora_scale = None, 0.0

    def add_lora(self, rank, alpha, targets, generator):
        """Freezes the weights and adds adapters (A Kaiming-uniform, B zero) to every module whose name ends in a target."""
        for p in self.w.values():
            p.requires_grad_(False)
        self.lora, self.lora_scale = torch.nn.ParameterDict(), alpha / rank
        for key, p in list(self.w.items()):
            module = key.removesuffix("_weight")
            if key.endswith("_weight") and any(module.endswith(t) for t in targets):
                fan_in, fan_out = p.shape
                bound = 1 / math.sqrt(fan_in)
                self.lora[module + "_A"] = torch.nn.Parameter((torch.rand(rank, fan_in, generator=generator) * 2 - 1) * bound)
                self.lora[module + "_B"] = torch.nn.Parameter(torch.zeros(fan_out, rank))

    def remove_lora(self):
        self.lora = None
        for p in self.w.values():
            p.requires_grad_(True)

    def linear(self, x, name):
        y = x @ self.p(name + ".weight") + self.p(name + ".bias")
        key = name.replace(".", "_")
        if self.lora is not None and key + "_A" in self.lora:
            y = y + (x @ self.lora[key + "_A"].T) @ self.lora[key + "_B"].T * self.lora_scale
        return y

    def p(self, name):
        return self.w[name.replace(".", "_")]

    def ln(self, x, name):
        return torch.nn.functional.layer_norm(x, (self.d,), self.p(name + ".weight"), self.p(name + ".bias"), self.eps)

    def forward(self, ids, cache=None, start=0, hidden_only=False):
        """ids [B, T] → logits [B, T, V]; cache: per layer (k, v) lists to extend (generation) or None (training)."""
        b, t = ids.shape
        hd = self.d // self.h
        x = self.p("wte.weight")[ids] + self.p("wpe.weight")[start:start + t]
        for l in range(self.layers):
            pre = f"h.{l}."
            h = self.ln(x, pre + "ln_1")
            qkv = self.linear(h, pre + "attn.c_attn")
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
            x = x + self.linear(a, pre + "attn.c_proj")
            h = self.ln(x, pre + "ln_2")
            u = self.linear(h, pre + "mlp.c_fc")
            u = 0.5 * u * (1 + torch.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u ** 3)))
            x = x + self.linear(u, pre + "mlp.c_proj")
        hidden = self.ln(x, "ln_f")
        return hidden if hidden_only else hidden @ self.p("wte.weight").T


def generate(model, prompts, new_tokens):
    with torch.no_grad():
        cache = [None] * model.layers
        logits = model(prompts, cache, 0)
        token = logits[:, -1].argmax(-1, keepdim=True)
        for i in range(new_tokens - 1):
            logits = model(token, cache, prompts.shape[1] + i)
            token = logits[:, -1].argmax(-1, keepdim=True)


def rlvr_model_sft_step_ms():
    config = {"n_embd": 64, "n_head": 4, "n_layer": 2, "layer_norm_epsilon": 1e-5}
    g = torch.Generator().manual_seed(1)
    shapes = {"wte.weight": (260, 64), "wpe.weight": (12, 64), "ln_f.weight": (64,), "ln_f.bias": (64,)}
    for l in range(2):
        for name, shape in (("ln_1.weight", (64,)), ("ln_1.bias", (64,)), ("attn.c_attn.weight", (64, 192)),
                            ("attn.c_attn.bias", (192,)), ("attn.c_proj.weight", (64, 64)), ("attn.c_proj.bias", (64,)),
                            ("ln_2.weight", (64,)), ("ln_2.bias", (64,)), ("mlp.c_fc.weight", (64, 256)),
                            ("mlp.c_fc.bias", (256,)), ("mlp.c_proj.weight", (256, 64)), ("mlp.c_proj.bias", (64,))):
            shapes[f"h.{l}.{name}"] = shape
    model = Gpt2(config, {k: torch.randn(*v, generator=g) * 0.02 for k, v in shapes.items()})
    head = torch.nn.Parameter(torch.randn(260, 64, generator=g) * 0.02)  # untied lm_head, as the demo's model
    parameters = list(model.w.parameters()) + [head]
    optimizer = torch.optim.AdamW(parameters, lr=1e-3, weight_decay=0.0)
    ids = torch.randint(0, 260, (64, 9), generator=g)
    blocks = []
    for block in range(6):
        start = time.perf_counter()
        for _ in range(40):
            hidden = model(ids, hidden_only=True)
            logits = hidden[:, 4:8] @ head.T
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 260), ids[:, 5:9].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimizer.step()
        if block > 0:
            blocks.append((time.perf_counter() - start) * 1000 / 40)
    return sorted(blocks)[len(blocks) // 2]


def main(model_dir):
    rows = {"rlvr_model_sft_step_ms": rlvr_model_sft_step_ms()}
    config = json.loads((Path(model_dir) / "config.json").read_text())
    model = Gpt2(config, read_safetensors(Path(model_dir) / "model.safetensors"))
    vocab = config["vocab_size"]
    g = torch.Generator().manual_seed(0)
    for batch in (1, 16):
        prompts = torch.randint(0, vocab, (batch, PROMPT), generator=g)
        generate(model, prompts, 4)
        start = time.perf_counter()
        generate(model, prompts, NEW)
        rows[f"generate_batch{batch}_tokens_per_second"] = batch * NEW / (time.perf_counter() - start)
    ids = torch.randint(0, vocab, (ROWS, TOKENS), generator=g)
    model.add_lora(8, 16, ("c_attn", "c_proj"), g)
    rows["lora_sft_trained_tokens_per_second"] = fine_tune(model, ids, vocab, list(model.lora.parameters()))
    rows["peak_rss_gb_after_lora_sft"] = peak_rss_gb()
    model.remove_lora()
    rows["sft_trained_tokens_per_second"] = fine_tune(model, ids, vocab, list(model.w.parameters()))
    # PyTorch frees each op's intermediates as the backward pass goes, so it needs no checkpointing: Reins'
    # checkpointed full fine-tuning is compared with its plain one.
    rows["checkpointed_sft_trained_tokens_per_second"] = rows["sft_trained_tokens_per_second"]
    rows["peak_rss_gb_after_checkpointed_sft"] = peak_rss_gb()
    for m, k, n in ((1024, 768, 3072), (1024, 768, 50257)):
        x, w, out = torch.rand(m, k), torch.rand(k, n), torch.empty(m, n)
        torch.matmul(x, w, out=out)
        start = time.perf_counter()
        for _ in range(3):
            torch.matmul(x, w, out=out)
        rows[f"sgemm_{m}x{k}x{n}_gflops"] = 2 * m * k * n / ((time.perf_counter() - start) / 3) / 1e9
    rows["peak_rss_gb"] = peak_rss_gb()
    print(json.dumps(rows))


def fine_tune(model, ids, vocab, parameters):
    """Trained tokens/s of STEPS AdamW steps on `parameters` (after one warm-up step)."""
    optimizer = torch.optim.AdamW(parameters, lr=1e-5, weight_decay=0.01)
    seconds = 0.0
    for step in range(STEPS + 1):
        start = time.perf_counter()
        logits = model(ids)
        loss = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, vocab), ids[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        if step > 0:
            seconds += time.perf_counter() - start
    return ROWS * TOKENS * STEPS / seconds


def peak_rss_gb():
    # VmHWM, not getrusage's ru_maxrss: that survives execve, so a child of a large JVM would report the JVM's peak.
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
    return int(hwm.split()[1]) / 1024 / 1024


if __name__ == "__main__":
    main(sys.argv[1])
