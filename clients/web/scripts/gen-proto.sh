#!/bin/sh
# Compiles protocol/weerbaar.proto to TypeScript (src/gen/weerbaar_pb.ts) with Debian's
# protoc and @bufbuild/protoc-gen-es from node_modules. The output is generated, not
# committed: every build runs this first.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
proto_dir=$(cd "$here/../../protocol" && pwd)
mkdir -p "$here/src/gen"
protoc \
  --plugin=protoc-gen-es="$here/node_modules/.bin/protoc-gen-es" \
  --es_out="$here/src/gen" \
  --es_opt=target=ts,import_extension=none \
  --proto_path="$proto_dir" \
  "$proto_dir/weerbaar.proto"
