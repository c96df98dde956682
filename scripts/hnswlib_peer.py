"""Peer for `docent bench search`: hnswlib on the vectors Docent exported, with the same M and ef values.

Reads base.f32 and queries.f32 (row-major little-endian float32) and truth.i64 (exact top-k ids per query,
little-endian int64) from --dir, builds an inner-product HNSW index, and prints one JSON object: build time,
index bytes per vector, and per ef the recall@k against Docent's exact results, the median latency of
single-query calls and the mean latency over one batched call, both on one thread and both measured as the
thread's CPU time (time.thread_time), as Docent measures, so load from other processes does not count.
"""

import argparse
import json
import os
import sys
import time

import hnswlib
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--ef-search", default="16,32,64,128,256")
    parser.add_argument("--build-threads", type=int, default=2)
    args = parser.parse_args()

    d, k = args.dimension, args.k
    base = np.fromfile(os.path.join(args.dir, "base.f32"), dtype="<f4").reshape(-1, d)
    queries = np.fromfile(os.path.join(args.dir, "queries.f32"), dtype="<f4").reshape(-1, d)
    truth = np.fromfile(os.path.join(args.dir, "truth.i64"), dtype="<i8").reshape(-1, k)
    n = base.shape[0]
    print(f"hnswlib {getattr(hnswlib, '__version__', '?')}: {n} x {d}, {len(queries)} queries", file=sys.stderr)

    index = hnswlib.Index(space="ip", dim=d)
    start = time.perf_counter()
    index.init_index(max_elements=n, ef_construction=args.ef_construction, M=args.m, random_seed=100)
    index.add_items(base, np.arange(n), num_threads=args.build_threads)
    build_seconds = time.perf_counter() - start
    report = {"n": n, "hnsw.build_seconds": build_seconds, "build_threads": args.build_threads}
    if hasattr(index, "index_file_size"):
        report["hnsw.bytes_per_vector"] = index.index_file_size() / n

    index.set_num_threads(1)
    for ef in [int(x) for x in args.ef_search.split(",") if x]:
        index.set_ef(max(ef, k))
        index.knn_query(queries[:10], k=k)  # warm-up
        singles = []
        found = np.empty((len(queries), k), dtype=np.int64)
        for i in range(len(queries)):
            t = time.thread_time()
            labels, _ = index.knn_query(queries[i : i + 1], k=k)
            singles.append(time.thread_time() - t)
            found[i] = labels[0]
        t = time.thread_time()  # one thread: hnswlib runs the batch on the calling thread
        index.knn_query(queries, k=k, num_threads=1)
        batch_mean = (time.thread_time() - t) / len(queries)
        hits = sum(len(set(found[i]) & set(truth[i])) for i in range(len(queries)))
        report[f"hnsw.ef{ef}.recall"] = hits / truth.size
        report[f"hnsw.ef{ef}.p50_ms"] = float(np.median(singles)) * 1000
        report[f"hnsw.ef{ef}.mean_ms"] = batch_mean * 1000
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
