// The two base64 alphabets of RFC 4648 (§4 and §5), for the portable code and the kernels (private).
#pragma once

namespace wa::support::detail {

/// The 64 characters in the order of their values, and a NUL; aligned for one 64-byte vector load.
alignas(64) inline constexpr char kBase64Standard[65] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
alignas(64) inline constexpr char kBase64UrlSafe[65] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace wa::support::detail
