#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Sources/Fuzzing/Corpus/<target>/ (small files, committed).

Run in the venv (/work/venv/bin/python scripts/make-fuzz-seeds.py): the GGUF and safetensors seeds are written with
the `gguf` and `safetensors` packages, so the fuzzer starts from files a reference writer produces. The `index`
seed is not made here: scripts/fuzz.sh copies one written by `docent index` (the format is Docent's own).
"""
import os
import struct
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Fuzzing", "Corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def frame(body):
    body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def jsonrpc():
    write("jsonrpc", "initialize", frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///w","capabilities":{}}}'))
    write("jsonrpc", "edit-and-search",
          frame('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.swift","version":2},'
                '"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},"text":"x"}]}}')
          + frame('{"jsonrpc":"2.0","id":"s","method":"docent/search","params":{"query":"circle","limit":3,"filters":{"paths":["*.swift"]}}}')
          + frame('{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"s"}}'))
    write("jsonrpc", "headers", b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"
          + b"Content-Length: 9999\r\n\r\n{\"a\"" + b"\nContent-Length: 5\n\n[1,2]")
    write("jsonrpc", "bad", b"Content-Length: x\r\n\r\n" + frame('{"jsonrpc":"2.0","id":null,"result":{}}')
          + frame('{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"m"}}'))
    write("jsonrpc", "symbols", frame('{"jsonrpc":"2.0","id":4,"method":"workspace/symbol","params":{"query":"Cir"}}')
          + frame('{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"docent":{"exclude":["a/"],"maxFileBytes":5}}}}'))


def gguf_seeds():
    import gguf
    path = "/tmp/docent-seed.gguf"
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_block_count(1)
    writer.add_context_length(32)
    writer.add_embedding_length(8)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(["<unk>", "<s>", "</s>", "a", "b"])
    writer.add_token_scores([0.0, 0.0, 0.0, -1.0, -2.0])
    writer.add_array("nested.ints", [1, 2, 3])
    writer.add_string("general.name", "seed")
    writer.add_tensor("token_embd.weight", np.arange(40, dtype=np.float32).reshape(5, 8))
    writer.add_tensor("output_norm.weight", np.ones(8, dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with open(path, "rb") as handle:
        write("gguf", "small-llama", handle.read())
    os.unlink(path)


def safetensors_seeds():
    from safetensors.numpy import save
    write("safetensors", "floats", save({"w": np.arange(6, dtype=np.float32).reshape(2, 3),
                                          "h": np.ones(4, dtype=np.float16)}, metadata={"format": "pt"}))
    write("safetensors", "ints", save({"ids": np.arange(3, dtype=np.int64), "s": np.zeros((), dtype=np.float32)}))


def ignore():
    write("ignore", "gitignore", "# comment\n*.log\n!keep.log\n/build/\n**/tmp/**\nfoo/*/bar\n\\#hash\n[a-c]?.txt\n\0sub/x.log\0sub/keep.log\0sub/build/\0sub/a/tmp/b\0sub/b.txt")
    write("ignore", "negation", "*\n!*/\n!*.swift\ndocs/**/*.md\n\0sub/a.swift\0sub/docs/x/y.md\0sub/z/")


SOURCES = {
    "swift": "/// Doc.\nstruct A<T> { func f() -> Int { \"\\(1)\".count } }\nextension A { var x: Int { 1 } }\n",
    "python": "class A:\n    \"\"\"Doc.\"\"\"\n    def f(self, x=1):\n        return f'{x}'\n\nasync def g(): pass\n",
    "javascript": "export class A { f() { return `${1}`; } }\nconst g = async () => /re[g]/.test('x');\n",
    "typescript": "interface I { x: number }\nexport function f<T>(a: T): T { return a }\n",
    "go": "package a\n// F does.\nfunc (r *R) F() error { return nil }\ntype T struct{ x int }\n",
    "rust": "/// Doc\npub fn f<'a>(x: &'a str) -> &'a str { x }\nimpl<T> S<T> { fn g() {} }\nlet r = r#\"raw\"#;\n",
    "java": "/** Doc */\npublic class A { @Override public int f() { return 1; } }\n",
    "kotlin": "data class A(val x: Int)\nfun f() = \"${1}\"\n",
    "c": "#define X(a) \\\n  (a)\n/* doc */\nint f(void) { return 0; }\nstruct s { int x; };\n",
    "cpp": "namespace n { template<class T> class A { public: int f(); }; }\nint n::A<int>::f() { return 0; }\n",
    "objectiveC": "@interface Foo : NSObject\n- (void)x;\n@end\n@implementation Foo\n- (void)x {}\n@end\n",
    "csharp": "namespace N { /// <summary>Doc</summary>\npublic class A { public int P { get; set; } void F() {} } }\n",
    "ruby": "module M\n  class A\n    def f\n      <<~EOS\n        text\n      EOS\n    end\n  end\nend\n",
    "shell": "#!/bin/sh\nf() {\n  cat <<EOF\nx\nEOF\n}\n",
    "markdown": "# Title\n\nText.\n\n## Section\n\n```swift\nlet a = 1\n```\n",
    "restructuredText": "Title\n=====\n\nText.\n\nSection\n-------\n\n.. code-block:: python\n\n   x = 1\n",
    "plainText": "Some notes.\n\nMore notes.\n",
}


def scanner():
    # The first byte picks the language in the order of Language.allCases (the dictionary above keeps that order).
    for index, (name, text) in enumerate(SOURCES.items()):
        write("scanner", name, bytes([index]) + text.encode())
        write("scanner", name + "-small-chunks", bytes([index + 128]) + (text * 4).encode())


def secrets():
    write("secrets", "keys", "api_key = \"sk-live-0123456789abcdefghij\"\ntoken: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n"
          "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\npassword=hunter2\nname = \"value\"\n")
    write("secrets", "plain", "let password = readLine()\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n")


def text():
    samples = {
        "code": "func parseJSON(data: Data) -> [String: Any] {\n    return try! JSONSerialization.jsonObject(with: data)\n}\n",
        "prose": "The quick brown fox jumps over the lazy dog. Ünïcödé, 中文, emoji 😀 and  spaces\t\ttabs.\n",
        "special": "<s>the<|im_start|>user\n<|x|>hello</s><|im_end|>  1234 ▁▁x",
    }
    for name, sample in samples.items():
        write("bpe", name, bytes([0]) + sample.encode())
        write("bpe", name + "-qwen2", bytes([2]) + sample.encode())
        write("sentencepiece", name, sample)
        write("wordpiece", name, sample)


if __name__ == "__main__":
    jsonrpc()
    gguf_seeds()
    safetensors_seeds()
    ignore()
    scanner()
    secrets()
    text()
    print("seeds written to", os.path.normpath(ROOT), file=sys.stderr)
