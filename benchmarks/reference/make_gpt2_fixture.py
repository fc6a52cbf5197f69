#!/usr/bin/python3
"""Writes the tiny GPT-2 parity fixture used by llm-env's tests (run once; the output is committed).

An independent reference: a GPT-2 forward pass written here from the architecture (PyTorch 1.13, float64), a
safetensors writer written here from the format, and a small byte-level BPE vocabulary. Nothing in it comes from
Reins' Java code. Usage (Debian: apt-get install python3-torch python3-numpy):

    /usr/bin/python3 benchmarks/reference/make_gpt2_fixture.py llm-env/src/test/resources
"""
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import torch

N_EMBD, N_LAYER, N_HEAD, N_POSITIONS, EPS = 64, 2, 4, 64, 1e-5
MERGES = [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("i", "n"), ("Ġ", "a"), ("e", "r"), ("o", "n"), ("Ġ", "s"),
          ("r", "e"), ("a", "t"), ("Ġ", "c"), ("e", "n"), ("Ġ", "w"), ("o", "r"), ("1", "2"), ("Ġ", "1"),
          ("+", "1"), ("=", "1"), ("Ġ", "="), ("Ġ", "+")]


def bytes_to_unicode():
    """GPT-2's printable spelling of each byte: printable Latin-1 bytes as themselves, the rest shifted past 255."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = keep[:]
    n = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(keep, chars)}


def vocabulary():
    """The 256 byte spellings in GPT-2's order (printable bytes first), the merges' results, then <|endoftext|>."""
    vocab = {}
    for char in bytes_to_unicode().values():
        vocab[char] = len(vocab)
    for left, right in MERGES:
        vocab[left + right] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return vocab


def write_safetensors(path, tensors, dtype):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        t = torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
        if dtype == "F32":
            raw = t.numpy().astype("<f4").tobytes()
        elif dtype == "F16":
            raw = t.to(torch.float16).numpy().astype("<f2").tobytes()
        else:  # BF16: the upper half of the float32 after round-to-nearest-even, as torch rounds
            raw = t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for raw in blobs:
            f.write(raw)


def rounded(array, dtype):
    t = torch.from_numpy(np.asarray(array, dtype=np.float32))
    if dtype == "F16":
        t = t.to(torch.float16).to(torch.float32)
    elif dtype == "BF16":
        t = t.to(torch.bfloat16).to(torch.float32)
    return t.numpy()


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def layer_norm(x, w, b):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + EPS) * w + b


def forward(weights, ids):
    """Logits [T, V] of one sequence, in float64."""
    w = {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in weights.items()}
    t = len(ids)
    hd = N_EMBD // N_HEAD
    x = w["wte.weight"][ids] + w["wpe.weight"][:t]
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    for layer in range(N_LAYER):
        p = f"h.{layer}."
        h = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"])
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(N_EMBD, dim=-1)
        q, k, v = (m.view(t, N_HEAD, hd).transpose(0, 1) for m in (q, k, v))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        scores = scores.masked_fill(causal, float("-inf"))
        attended = (torch.softmax(scores, -1) @ v).transpose(0, 1).reshape(t, N_EMBD)
        x = x + attended @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"])
        x = x + gelu_new(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]) @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"])
    return (x @ w["wte.weight"].T).numpy()


def main(out_root):
    out_root = Path(out_root)
    vocab = vocabulary()
    n_vocab = len(vocab)
    rng = np.random.default_rng(20261201)
    d, ff = N_EMBD, 4 * N_EMBD
    weights = {"wte.weight": rng.normal(0, 0.1, (n_vocab, d)), "wpe.weight": rng.normal(0, 0.05, (N_POSITIONS, d))}
    for layer in range(N_LAYER):
        p = f"h.{layer}."
        weights[p + "ln_1.weight"] = 1 + rng.normal(0, 0.1, d)
        weights[p + "ln_1.bias"] = rng.normal(0, 0.05, d)
        weights[p + "attn.c_attn.weight"] = rng.normal(0, 0.15, (d, 3 * d))
        weights[p + "attn.c_attn.bias"] = rng.normal(0, 0.05, 3 * d)
        weights[p + "attn.c_proj.weight"] = rng.normal(0, 0.1, (d, d))
        weights[p + "attn.c_proj.bias"] = rng.normal(0, 0.05, d)
        weights[p + "ln_2.weight"] = 1 + rng.normal(0, 0.1, d)
        weights[p + "ln_2.bias"] = rng.normal(0, 0.05, d)
        weights[p + "mlp.c_fc.weight"] = rng.normal(0, 0.1, (d, ff))
        weights[p + "mlp.c_fc.bias"] = rng.normal(0, 0.05, ff)
        weights[p + "mlp.c_proj.weight"] = rng.normal(0, 0.1, (ff, d))
        weights[p + "mlp.c_proj.bias"] = rng.normal(0, 0.05, d)
    weights["ln_f.weight"] = 1 + rng.normal(0, 0.1, d)
    weights["ln_f.bias"] = rng.normal(0, 0.05, d)
    weights = {k: v.astype(np.float32) for k, v in weights.items()}

    model_dir = out_root / "gpt2-tiny"
    model_dir.mkdir(parents=True, exist_ok=True)
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": n_vocab, "n_positions": N_POSITIONS,
              "n_ctx": N_POSITIONS, "n_embd": N_EMBD, "n_layer": N_LAYER, "n_head": N_HEAD, "n_inner": None,
              "activation_function": "gelu_new", "layer_norm_epsilon": EPS, "bos_token_id": n_vocab - 1,
              "eos_token_id": n_vocab - 1, "tie_word_embeddings": True}
    (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    (model_dir / "merges.txt").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in MERGES), encoding="utf-8")
    # The hub's gpt2 file has no 'transformer.' prefix and carries the causal-mask buffers: so does this one.
    stored = dict(weights)
    for layer in range(N_LAYER):
        stored[f"h.{layer}.attn.bias"] = np.tril(np.ones((N_POSITIONS, N_POSITIONS), dtype=np.float32))[None, None]
    write_safetensors(model_dir / "model.safetensors", stored, "F32")

    parity_dir = out_root / "gpt2-tiny-parity"
    parity_dir.mkdir(parents=True, exist_ok=True)
    prompts = [[n_vocab - 1, 40, 72, 101, 108], [12, 256, 300 % n_vocab, 5, 199, 33, 33, 33, 0],
               [int(i) for i in rng.integers(0, n_vocab, 20)]]
    reference = {"prompts": prompts, "logits": {}}
    for dtype in ("F32", "F16", "BF16"):
        if dtype != "F32":
            write_safetensors(parity_dir / f"model-{dtype.lower()}.safetensors", weights, dtype)
        w = {k: rounded(v, dtype) for k, v in weights.items()}
        reference["logits"][dtype] = [[[float(f"{x:.7g}") for x in row] for row in forward(w, ids)] for ids in prompts]
    (parity_dir / "reference_logits.json").write_text(json.dumps(reference) + "\n")
    print(f"vocab {n_vocab}, wrote {model_dir} and {parity_dir}")


if __name__ == "__main__":
    main(sys.argv[1])
