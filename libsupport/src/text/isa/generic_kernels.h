// The kernels of one instruction set and their table (private): included by kernels_x86.cpp inside
// a target region and a namespace of its own, after the Vec of that instruction set.

namespace {
#include "text/isa/generic_base64.h"
#include "text/isa/generic_hex.h"
#include "text/isa/generic_json_escape.h"
#include "text/isa/generic_utf8.h"
}  // namespace

const TextKernels kKernels = {
    Vec::kIsa, findJsonEscape, scanJsonPlain, escapeJson, isUtf8, encodeHex, decodeHexDigits, encodeBase64Groups, decodeBase64Quanta,
};
