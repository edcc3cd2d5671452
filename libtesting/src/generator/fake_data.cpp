// Made-up people, numbers, words and bytes for the corpus.
#include "wa/testing/generator/fake_data.h"

#include <array>

#include <fmt/format.h>

namespace wa::testing {
namespace {

constexpr std::array kFirstNames = {"Ada",   "Bela",  "Cem",   "Dana",  "Emil",  "Farah", "Gus",  "Hana",
                                    "Ivo",   "Jana",  "Kofi",  "Lena",  "Mika",  "Nour",  "Omar", "Pia",
                                    "Quinn", "Rosa",  "Sami",  "Tara",  "Uli",   "Vera",  "Wim",  "Xenia",
                                    "Yusuf", "Zoe",   "Ayla",  "Bruno", "Chloé", "Dário", "Eszter", "Jörg"};
constexpr std::array kLastNames = {"Abend", "Berg",  "Corte", "Dorn",  "Eich",  "Falk",  "Gruen", "Heide",
                                   "Iser",  "Jansen", "Kranz", "Linde", "Moor",  "Nord",  "Ost",   "Pfeil"};
constexpr std::array kWords = {"the",     "meeting", "is",    "at",      "noon",   "tomorrow", "can",   "you",
                               "bring",   "cake",    "photos", "from",   "trip",   "see",      "later", "thanks",
                               "running", "late",    "train",  "station", "ok",     "sure",     "call",  "me",
                               "when",    "free",    "dinner", "tonight", "great",  "news",     "heute", "morgen",
                               "gracias", "merci",   "ciao",   "lunch",   "book",   "ticket",   "price", "agenda"};
constexpr std::array kEmoji = {"\xF0\x9F\x98\x80", "\xF0\x9F\x91\x8D", "\xE2\x9D\xA4\xEF\xB8\x8F",
                               "\xF0\x9F\x8E\x89"};
constexpr std::array kDomains = {"example.com", "example.org", "example.net", "news.example",
                                 "shop.example"};

}  // namespace

std::string Random::bytes(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t v = next();
    for (std::size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
  }
  return out;
}

std::string fakePhone(Random& rng) { return fmt::format("155501{:05d}", rng.below(100000)); }

std::string fakeUserJid(Random& rng) { return fakePhone(rng) + "@c.us"; }

std::string fakeGroupJid(Random& rng, std::uint64_t now) {
  return fmt::format("{}-{}@g.us", fakePhone(rng), now - rng.below(3u * 365 * 86400));
}

std::string fakeName(Random& rng, bool with_last_name) {
  std::string name = kFirstNames[rng.below(kFirstNames.size())];
  if (with_last_name) {
    name += ' ';
    name += kLastNames[rng.below(kLastNames.size())];
  }
  return name;
}

std::string fakeSentence(Random& rng, std::size_t words) {
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    std::string w = kWords[rng.below(kWords.size())];
    if (i == 0 && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    if (i) s += ' ';
    s += w;
  }
  s += rng.chance(30) ? "?" : ".";
  if (rng.chance(20)) {
    s += ' ';
    s += kEmoji[rng.below(kEmoji.size())];
  }
  return s;
}

std::string fakeMessageId(Random& rng) { return fmt::format("3EB0{:016X}", rng.next()); }

std::string fakePhoneMessageId(Random& rng) { return fmt::format("{:016X}{:016X}", rng.next(), rng.next()); }

std::string fakeJpeg(Random& rng, std::size_t n) {
  std::string header("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  if (n <= header.size() + 2) return header.substr(0, n);
  return header + rng.bytes(n - header.size() - 2) + std::string("\xFF\xD9", 2);
}

std::string fakeVcard(Random& rng, const std::string& name) {
  std::string phone = fakePhone(rng);
  return fmt::format("BEGIN:VCARD\nVERSION:3.0\nN:;{};;;\nFN:{}\nitem1.TEL;waid={}:+{}\nitem1.X-ABLabel:Mobile\nEND:VCARD",
                     name, name, phone, phone);
}

std::string fakeUrl(Random& rng) {
  return fmt::format("https://{}/{}/{}", kDomains[rng.below(kDomains.size())], kWords[rng.below(kWords.size())],
                     rng.below(100000));
}

}  // namespace wa::testing
