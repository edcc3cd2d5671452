// Random node trees for property tests (see random_nodes.h for the canonical-form contract).
#include "helpers/random_nodes.h"

#include "wa/codec/node/tokens.h"

namespace wa::testing {
namespace {

using codec::EncodeStyle;

std::string digits(Rng& rng, std::size_t n, const char* alphabet, std::size_t alphabet_size) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng.below(alphabet_size)];
  return s;
}

std::string token(Rng& rng) {
  for (;;) {
    auto t = codec::tokenString(static_cast<std::uint8_t>(3 + rng.below(codec::kSingleByteTokenCount - 3)));
    if (t && !t->empty()) return std::string(*t);
  }
}

std::string phone(Rng& rng) { return "49" + digits(rng, 9 + rng.below(4), "0123456789", 10); }

std::string jid(Rng& rng) {
  switch (rng.below(4)) {
    case 0: return phone(rng) + "@g.us";
    case 1: return phone(rng) + "-" + digits(rng, 10, "0123456789", 10) + "@g.us";
    case 2: return rng.chance(50) ? "status@broadcast" : digits(rng, 10, "0123456789", 10) + "@broadcast";
    default: return phone(rng) + "@c.us";
  }
}

// A string whose Text-content encoding under `style` does not fall back to BINARY (which would
// decode as Bytes).
std::string textContent(Rng& rng, EncodeStyle style) {
  switch (style == EncodeStyle::Plain ? 0 : style == EncodeStyle::WebClient ? rng.below(2) : rng.below(4)) {
    case 1: return jid(rng);
    case 2: return digits(rng, 1 + rng.below(30), "0123456789.-", 12);
    case 3: return digits(rng, 1 + rng.below(30), "0123456789ABCDEF", 16) + "A";
    default: return token(rng);
  }
}

}  // namespace

std::string randomString(Rng& rng, const RandomNodeOptions& options) {
  switch (rng.below(9)) {
    case 0: return token(rng);
    case 1: return digits(rng, 1 + rng.below(20), "0123456789", 10);
    case 2: return digits(rng, 1 + rng.below(40), "0123456789.-", 12);
    case 3: return "3EB0" + digits(rng, 1 + rng.below(20), "0123456789ABCDEF", 16);
    case 4: return jid(rng);
    case 5: return "";
    case 6: {
      std::string s;
      std::size_t n = rng.chance(options.large_percent) ? 256 + rng.below(2000) : rng.below(40);
      for (std::size_t i = 0; i < n; ++i) s += static_cast<char>(rng.below(256));
      return s;
    }
    case 7: return digits(rng, 1 + rng.below(300), "0123456789", 10);  // long numbers stay BINARY
    default: {
      static const char* kWords[] = {"hello", "user@example.com", "P@ijo", "s.whatsapp.net", "ok", "Grüße",
                                     "a@b@c.us", "x@s.whatsapp.net", "abcdef", "3eb0abc"};
      return kWords[rng.below(std::size(kWords))];
    }
  }
}

codec::Node randomNode(Rng& rng, const RandomNodeOptions& options, std::size_t depth) {
  codec::Node node;
  do node.description = rng.chance(70) ? token(rng) : randomString(rng, options);
  while (node.description.empty());

  std::size_t attrs = rng.below(6);
  for (std::size_t i = 0; i < attrs; ++i) {
    codec::Attribute a;
    a.key = rng.chance(80) ? token(rng) : randomString(rng, options);
    if (options.style == EncodeStyle::WebClient) {
      do a.value = randomString(rng, options);
      while (a.value->empty());
    } else if (!rng.chance(5)) {
      a.value = randomString(rng, options);
    }
    node.attributes.push_back(std::move(a));
  }

  switch (rng.below(depth >= options.max_depth ? 3 : 4)) {
    case 0: break;
    case 1:
      node.content = codec::ContentKind::Text;
      node.data = textContent(rng, options.style);
      break;
    case 2: {
      node.content = codec::ContentKind::Bytes;
      std::size_t n = rng.chance(options.large_percent) ? 256 + rng.below(70000) : rng.below(64);
      for (std::size_t i = 0; i < n; ++i) node.data += static_cast<char>(rng.below(256));
      break;
    }
    default: {
      node.content = codec::ContentKind::Children;
      std::size_t n = rng.chance(options.large_percent) ? 256 + rng.below(300) : rng.below(options.max_children + 1);
      for (std::size_t i = 0; i < n; ++i) {
        // Wide lists get leaf children only, to keep trees small.
        auto child_options = options;
        if (n > options.max_children) child_options.max_depth = depth + 1;
        node.children.push_back(randomNode(rng, child_options, depth + 1));
      }
    }
  }
  return node;
}

}  // namespace wa::testing
