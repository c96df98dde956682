#!/usr/bin/env python3
"""Reference fixtures for Docent's decoder, from llama.cpp (through llama-cpp-python).

For each default model and each prompt, records the prompt's token ids (as llama.cpp tokenizes it, so the decoder
test does not depend on Docent's tokenizer), the last position's logits (the 50 largest as id/value pairs plus
mean, standard deviation, min and max over the whole vocabulary, to keep the files small) and the 32 tokens of
greedy decoding (argmax of llama.cpp's logits, evaluated one token at a time).

Usage: /work/venv/bin/python scripts/make-decoder-fixtures.py [MODELS_DIR]
MODELS_DIR defaults to $DOCENT_MODELS or ~/.cache/docent/models. Writes Tests/InferenceTests/Fixtures/decoder-*.json.
"""

import json
import os
import sys

import numpy as np
from llama_cpp import Llama

MODELS = {
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3": "gemma-3-270m-q4_k_m.gguf",
}

LONG_CODE = "\n".join(
    f"func add{i}(_ a: Int, _ b: Int) -> Int {{\n    // adds two numbers, variant {i}\n    return a + b + {i}\n}}"
    for i in range(12)
)

PROMPTS = [
    "The capital of France is",
    "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n",
    "<|im_start|>user\nWrite a haiku about compilers.<|im_end|>\n<|im_start|>assistant\n",
    "Unicode: naïve café, 東京, emoji 🙂 — and tabs\tand  double  spaces.",
    LONG_CODE + "\nfunc add12(",
]

TOP = 50
GREEDY = 32


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    models_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "DOCENT_MODELS", os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "docent/models"))
    out_dir = os.path.join(root, "Tests/InferenceTests/Fixtures")
    os.makedirs(out_dir, exist_ok=True)
    for key, file in MODELS.items():
        llm = Llama(model_path=os.path.join(models_dir, file), n_ctx=1024, n_batch=512, n_threads=2,
                    logits_all=True, verbose=False, seed=0)
        cases = []
        for text in PROMPTS:
            tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=True)
            llm.reset()
            llm.eval(tokens)
            logits = np.array(llm.scores[len(tokens) - 1], dtype=np.float64)
            top = np.argsort(-logits, kind="stable")[:TOP]
            greedy = []
            for _ in range(GREEDY):
                token = int(np.argmax(np.array(llm.scores[llm.n_tokens - 1])))
                greedy.append(token)
                llm.eval([token])
            cases.append({
                "prompt": text,
                "tokens": [int(t) for t in tokens],
                "topIDs": [int(i) for i in top],
                "topLogits": [round(float(logits[i]), 5) for i in top],
                "mean": round(float(logits.mean()), 6),
                "standardDeviation": round(float(logits.std()), 6),
                "min": round(float(logits.min()), 5),
                "max": round(float(logits.max()), 5),
                "greedy": greedy,
            })
        path = os.path.join(out_dir, f"decoder-{key}.json")
        with open(path, "w") as f:
            json.dump({"model": file, "vocabularyCount": llm.n_vocab(), "cases": cases}, f, indent=1)
            f.write("\n")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
