// Incremental JSON tokenizer: memchr-driven string scanning, iterative value skipping.
#include "json_scanner.h"

#include <cstring>

#include <fmt/format.h>

namespace wa::capture::detail {

std::string describeByte(int c) {
  if (c < 0) return "end of input";
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte {:#04x}", c);
}

bool JsonScanner::fail(ErrorCode code, std::uint64_t offset, std::string message) {
  if (!error_) error_ = Error{code, Stage::Capture, offset, std::move(message)};
  return false;
}

bool JsonScanner::failAtEnd(std::string_view expected) {
  if (in_.ioError()) {
    if (!error_) error_ = *in_.ioError();
    return false;
  }
  return fail(ErrorCode::Truncated, in_.offset() + in_.size(), fmt::format("expected {}, found end of input", expected));
}

int JsonScanner::peek() {
  for (;;) {
    const char* p = in_.data();
    std::size_t n = in_.size();
    const std::size_t i = leadingJsonSpace(p, n);
    in_.consume(i);
    if (i < n) return static_cast<unsigned char>(p[i]);
    if (!in_.fill()) return -1;
  }
}

bool JsonScanner::expect(char c, std::string_view what) {
  int got = peek();
  if (got == c) {
    in_.consume(1);
    return true;
  }
  if (got < 0) return failAtEnd(what);
  return fail(ErrorCode::Invalid, in_.offset(), fmt::format("expected {}, found {}", what, describeByte(got)));
}

bool JsonScanner::readString(RawString& out, std::size_t max_raw) {
  out.offset = in_.offset();
  std::size_t scanned = 1;  // past the opening quote
  for (;;) {
    const char* p = in_.data();
    std::size_t n = in_.size();
    if (scanned < n) {
      if (const char* q = closingQuote(p + 1, p + scanned, p + n)) {
        const auto i = static_cast<std::size_t>(q - p);
        // Also when the whole string was already in the window (a mapped file gives all of it).
        if (i - 1 > max_raw)
          return fail(ErrorCode::LimitExceeded, out.offset, fmt::format("string longer than the limit of {} bytes", max_raw));
        out.text = std::string_view(p + 1, i - 1);
        out.has_escapes = std::memchr(p + 1, '\\', i - 1) != nullptr;
        in_.consume(i + 1);
        return true;
      }
      scanned = n;
    }
    if (n > max_raw + 1)
      return fail(ErrorCode::LimitExceeded, out.offset, fmt::format("string longer than the limit of {} bytes", max_raw));
    if (!in_.fill()) return failAtEnd("the end of the string");
  }
}

bool JsonScanner::skipString() {
  in_.consume(1);  // the opening quote
  bool odd_carry = false;  // the bytes already dropped end in an odd run of backslashes
  for (;;) {
    const char* p = in_.data();
    std::size_t n = in_.size();
    if (const void* q = std::memchr(p, '"', n)) {
      std::size_t i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
      std::size_t k = i;
      while (k > 0 && p[k - 1] == '\\') --k;
      bool odd = ((i - k) & 1) != 0;
      if (k == 0 && odd_carry) odd = !odd;
      in_.consume(i + 1);
      if (!odd) return true;
      odd_carry = false;
      continue;
    }
    std::size_t k = n;
    while (k > 0 && p[k - 1] == '\\') --k;
    bool odd = ((n - k) & 1) != 0;
    odd_carry = k == 0 ? (odd_carry != odd) : odd;
    in_.consumeAll();
    if (!in_.fill()) return failAtEnd("the end of the string");
  }
}

bool JsonScanner::readAtom(std::string_view& out) {
  std::uint64_t start = in_.offset();
  std::size_t scanned = 0;
  for (;;) {
    const char* p = in_.data();
    std::size_t n = in_.size();
    while (scanned < n && scanned <= kMaxAtom && isAtomChar(p[scanned])) ++scanned;
    if (scanned > kMaxAtom) return fail(ErrorCode::LimitExceeded, start, "number or literal longer than 64 bytes");
    if (scanned < n || !in_.fill()) {
      if (scanned == 0) {
        if (in_.size() == 0) return failAtEnd("a value");
        return fail(ErrorCode::Invalid, start, fmt::format("expected a value, found {}", describeByte(static_cast<unsigned char>(*in_.data()))));
      }
      out = std::string_view(in_.data(), scanned);
      in_.consume(scanned);
      return true;
    }
  }
}

bool JsonScanner::skipValue() {
  stack_.clear();
  for (;;) {
    int c = peek();
    switch (c) {
      case -1: return failAtEnd("a value");
      case '{':
      case '[':
        if (stack_.size() >= max_depth_)
          return fail(ErrorCode::LimitExceeded, in_.offset(), fmt::format("nesting deeper than the limit of {}", max_depth_));
        stack_.push_back(static_cast<char>(c == '{' ? '}' : ']'));
        in_.consume(1);
        break;
      case '}':
      case ']':
        if (stack_.empty() || stack_.back() != c)
          return fail(ErrorCode::Invalid, in_.offset(),
                      stack_.empty() ? fmt::format("expected a value, found {}", describeByte(c))
                                     : fmt::format("expected '{}', found {}", stack_.back(), describeByte(c)));
        stack_.pop_back();
        in_.consume(1);
        if (stack_.empty()) return true;
        break;
      case '"':
        if (!skipString()) return false;
        if (stack_.empty()) return true;
        break;
      case ',':
      case ':':
        if (stack_.empty()) return fail(ErrorCode::Invalid, in_.offset(), fmt::format("expected a value, found {}", describeByte(c)));
        in_.consume(1);
        break;
      default: {
        std::string_view atom;
        if (!readAtom(atom)) return false;
        if (stack_.empty()) return true;
      }
    }
  }
}

}  // namespace wa::capture::detail
