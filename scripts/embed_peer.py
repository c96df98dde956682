#!/usr/bin/env python3
"""Peer for `docent bench embed`: sentence-transformers (PyTorch, CPU) embedding the same chunks.

Usage: python scripts/embed_peer.py --chunks CHUNKS.json --model MODEL_DIR [--threads N] [--batch N]
Prints one JSON object: chunks, tokens, threads, batch, seconds, chunks_per_second, tokens_per_second.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

parser = argparse.ArgumentParser()
parser.add_argument("--chunks", required=True)
parser.add_argument("--model", required=True)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--batch", type=int, default=32)
args = parser.parse_args()

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

torch.set_num_threads(args.threads)
chunks = json.load(open(args.chunks, encoding="utf-8"))
model = SentenceTransformer(args.model, device="cpu")
tokens = sum(len(ids) for ids in model.tokenizer(chunks, truncation=True, max_length=model.max_seq_length)["input_ids"])
with torch.inference_mode():
    model.encode(chunks[: min(args.batch, 8)], batch_size=args.batch)  # warm-up
    start, cpu_start = time.perf_counter(), time.process_time()
    model.encode(chunks, batch_size=args.batch, normalize_embeddings=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
print(json.dumps({
    "chunks": len(chunks), "tokens": tokens, "threads": torch.get_num_threads(), "batch": args.batch,
    "seconds": seconds, "cpu_seconds": cpu, "chunks_per_second": len(chunks) / seconds,
    "tokens_per_second": tokens / seconds, "torch": torch.__version__,
}))
