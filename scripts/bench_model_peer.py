#!/usr/bin/env python3
"""llama.cpp (through llama-cpp-python) timed like `docent bench model`, for scripts/bench-model.sh.

Same measurements, token counts and best-of-N as Docent's side: prompt processing of 512 tokens from an empty
cache; 128 greedy single-token steps after a 16-token prompt; time to the first token after replacing the last
20 tokens of a cached 1000-token prompt, reusing the KV cache for the common prefix (what llama-cpp-python's
generate() does: keep n_tokens = common prefix, evaluate only the rest). Prints one JSON object.

Usage: python bench_model_peer.py --model PATH --text FILE [--threads N] [--repetitions N]
"""

import argparse
import json
import resource
import time

import llama_cpp
import numpy as np
from llama_cpp import Llama


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    prompt_tokens, generated_tokens, cached_tokens, edited_tokens = 512, 128, 1000, 20

    llm = Llama(model_path=args.model, n_ctx=2048, n_batch=512, n_ubatch=512, n_threads=args.threads,
                n_threads_batch=args.threads, logits_all=False, verbose=False)
    with open(args.text, encoding="utf-8") as f:
        source = llm.tokenize(f.read().encode("utf-8"), add_bos=True, special=True)
    while len(source) < max(prompt_tokens, cached_tokens) + edited_tokens:
        source = source + source

    vocabulary = llm.n_vocab()

    def argmax() -> int:  # over the logits of the last evaluated token (the only ones computed)
        return int(np.argmax(np.ctypeslib.as_array(llama_cpp.llama_get_logits(llm.ctx), shape=(vocabulary,))))

    def best(body) -> float:
        return min(body() for _ in range(args.repetitions))

    def prompt_run() -> float:
        llm.reset()
        start = time.perf_counter()
        llm.eval(source[:prompt_tokens])
        return time.perf_counter() - start

    def generation_run() -> float:
        llm.reset()
        llm.eval(source[:16])
        start = time.perf_counter()
        for _ in range(generated_tokens):
            llm.eval([argmax()])
        return time.perf_counter() - start

    cached = source[:cached_tokens]
    edited = cached[:cached_tokens - edited_tokens] + source[cached_tokens:cached_tokens + edited_tokens]

    def edit_run() -> float:
        llm.reset()
        llm.eval(cached)
        start = time.perf_counter()
        common = 0
        while common < len(edited) - 1 and common < llm.n_tokens and llm.input_ids[common] == edited[common]:
            common += 1
        llm.n_tokens = common  # eval() drops cached positions from n_tokens on
        llm.eval(edited[common:])
        argmax()
        return time.perf_counter() - start

    prompt_seconds = best(prompt_run)
    generation_seconds = best(generation_run)
    edit_seconds = best(edit_run)
    print(json.dumps({
        "promptTokens": prompt_tokens, "promptTokensPerSecond": prompt_tokens / prompt_seconds,
        "generatedTokens": generated_tokens, "generationTokensPerSecond": generated_tokens / generation_seconds,
        "cachedTokens": cached_tokens, "editedTokens": edited_tokens,
        "timeToFirstTokenAfterEditSeconds": edit_seconds,
        "peakResidentBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "threads": args.threads,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
