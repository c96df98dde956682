#!/usr/bin/env python3
"""Writes Tests/GGUFTests/Fixtures/gguf-models.json: facts about the default GGUF models read with the `gguf`
package's GGUFReader, so Docent's own reader is checked against an independent one.

Run in the fixture venv:  /work/venv/bin/python scripts/make-gguf-fixtures.py
Models come from $DOCENT_MODELS (default ~/.cache/docent/models).
"""
import json
import os
import sys

import gguf

MODELS = os.environ.get("DOCENT_MODELS", os.path.expanduser("~/.cache/docent/models"))
FILES = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "GGUFTests", "Fixtures", "gguf-models.json")


def scalar(field):
    value = field.contents()
    if isinstance(value, float):
        return {"float": value}
    return value


def describe(path):
    reader = gguf.GGUFReader(path)
    fields = reader.fields
    metadata = {}
    arrays = {}
    for key, field in fields.items():
        if key.startswith("GGUF."):
            continue
        types = [int(t) for t in field.types]
        if types[0] == gguf.GGUFValueType.ARRAY:
            contents = field.contents()
            arrays[key] = {
                "elementType": types[1] if len(types) > 1 else None,
                "count": len(field.data),
                "first": contents[:3],
                "last": contents[-1] if contents else None,
            }
        else:
            metadata[key] = {"type": types[0], "value": field.contents()}
    tensors = []
    for t in reader.tensors:
        tensors.append({
            "name": t.name,
            "shape": [int(x) for x in t.shape],
            "type": int(t.tensor_type),
            "offset": int(t.data_offset),  # absolute file offset
            "byteCount": int(t.n_bytes),
        })
    # keep the fixture small: the first and last few tensors plus every tensor of block 0
    chosen = [t for i, t in enumerate(tensors) if i < 4 or i >= len(tensors) - 2 or t["name"].startswith("blk.0.")]
    return {
        "file": os.path.basename(path),
        "version": int(fields["GGUF.version"].contents()),
        "tensorCount": len(tensors),
        "metadataCount": len(metadata) + len(arrays),
        "metadata": metadata,
        "arrays": arrays,
        "tensors": chosen,
        "totalTensorBytes": sum(t["byteCount"] for t in tensors),
    }


def main():
    result = [describe(os.path.join(MODELS, f)) for f in FILES]
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
