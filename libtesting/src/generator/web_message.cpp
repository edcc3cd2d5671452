// Builds WebMessageInfo payloads with the generated protobuf classes.
#include "wa/testing/generator/web_message.h"

#include <fmt/format.h>

#include "proto/wa_messages.pb.h"

namespace wa::testing {
namespace {

using namespace wa::proto;

std::string mediaUrl(Random& rng, const char* kind) {
  return fmt::format("https://mmg.whatsapp.net/d/f/{:016x}{:016x}.enc?kind={}", rng.next(), rng.next(), kind);
}

std::string directPath(Random& rng) {
  return fmt::format("/v/t62.7118-24/{}_{}_n.enc?ccb=11-4&oh=01_{:012x}&oe={:08X}", rng.below(100000000),
                     rng.below(1000000000), rng.next() & 0xFFFFFFFFFFFF, rng.next() & 0xFFFFFFFF);
}

template <class Media>
void fillMediaCommon(Random& rng, Media* m, std::size_t file_length) {
  m->set_mediakey(rng.bytes(32));
  m->set_filesha256(rng.bytes(32));
  m->set_fileencsha256(rng.bytes(32));
  m->set_filelength(file_length);
  m->set_directpath(directPath(rng));
}

std::size_t thumbSize(Random& rng, bool large) { return large ? rng.between(20000, 60000) : rng.between(700, 4000); }

}  // namespace

std::string makeWebMessageInfo(Random& rng, MessageKind kind, const MessageHeader& header, bool large_media) {
  WebMessageInfo info;
  auto* key = info.mutable_key();
  key->set_remotejid(header.remote_jid);
  key->set_fromme(header.from_me);
  key->set_id(header.id);
  if (!header.participant.empty()) {
    key->set_participant(header.participant);
    info.set_participant(header.participant);
  }
  info.set_messagetimestamp(header.timestamp);
  info.set_status(header.from_me ? static_cast<WebMessageInfo::WebMessageInfoStatus>(rng.between(2, 4))
                                 : WebMessageInfo::READ);
  if (!header.from_me && !header.push_name.empty()) info.set_pushname(header.push_name);

  auto* msg = info.mutable_message();
  switch (kind) {
    case MessageKind::Text: msg->set_conversation(fakeSentence(rng, rng.between(1, 25))); break;
    case MessageKind::ExtendedText: {
      auto* ext = msg->mutable_extendedtextmessage();
      std::string url = fakeUrl(rng);
      ext->set_text(fakeSentence(rng, rng.between(2, 10)) + " " + url);
      ext->set_matchedtext(url);
      ext->set_canonicalurl(url);
      ext->set_title(fakeSentence(rng, rng.between(3, 8)));
      ext->set_description(fakeSentence(rng, rng.between(8, 30)));
      ext->set_previewtype(ExtendedTextMessage::NONE);
      ext->set_jpegthumbnail(fakeJpeg(rng, thumbSize(rng, large_media)));
      break;
    }
    case MessageKind::Quote: {
      auto* ext = msg->mutable_extendedtextmessage();
      ext->set_text(fakeSentence(rng, rng.between(1, 12)));
      auto* ctx = ext->mutable_contextinfo();
      ctx->set_stanzaid(fakePhoneMessageId(rng));
      ctx->set_participant(fakeUserJid(rng));
      ctx->mutable_quotedmessage()->set_conversation(fakeSentence(rng, rng.between(1, 12)));
      break;
    }
    case MessageKind::Image: {
      auto* img = msg->mutable_imagemessage();
      img->set_url(mediaUrl(rng, "image"));
      img->set_mimetype("image/jpeg");
      if (rng.chance(40)) img->set_caption(fakeSentence(rng, rng.between(1, 10)));
      fillMediaCommon(rng, img, rng.between(30000, 400000));
      img->set_height(static_cast<std::uint32_t>(rng.between(480, 1600)));
      img->set_width(static_cast<std::uint32_t>(rng.between(480, 1600)));
      img->set_mediakeytimestamp(static_cast<std::int64_t>(header.timestamp));
      img->set_jpegthumbnail(fakeJpeg(rng, thumbSize(rng, large_media)));
      break;
    }
    case MessageKind::Video: {
      auto* vid = msg->mutable_videomessage();
      vid->set_url(mediaUrl(rng, "video"));
      vid->set_mimetype("video/mp4");
      fillMediaCommon(rng, vid, rng.between(200000, 16000000));
      vid->set_seconds(static_cast<std::uint32_t>(rng.between(1, 180)));
      vid->set_gifplayback(rng.chance(15));
      vid->set_height(640);
      vid->set_width(360);
      vid->set_mediakeytimestamp(static_cast<std::int64_t>(header.timestamp));
      vid->set_jpegthumbnail(fakeJpeg(rng, thumbSize(rng, large_media)));
      vid->set_streamingsidecar(rng.bytes(10 * rng.between(1, 40)));
      break;
    }
    case MessageKind::Audio: {
      auto* aud = msg->mutable_audiomessage();
      aud->set_url(mediaUrl(rng, "audio"));
      aud->set_mimetype("audio/ogg; codecs=opus");
      fillMediaCommon(rng, aud, rng.between(3000, 900000));
      aud->set_seconds(static_cast<std::uint32_t>(rng.between(1, 300)));
      aud->set_ptt(rng.chance(80));
      aud->set_mediakeytimestamp(static_cast<std::int64_t>(header.timestamp));
      aud->set_streamingsidecar(rng.bytes(10 * rng.between(1, 10)));
      break;
    }
    case MessageKind::Document: {
      auto* doc = msg->mutable_documentmessage();
      doc->set_url(mediaUrl(rng, "document"));
      doc->set_mimetype("application/pdf");
      std::string title = fmt::format("{}-{}", fakeName(rng, false), rng.below(1000));
      doc->set_title(title);
      doc->set_filename(title + ".pdf");
      doc->set_pagecount(static_cast<std::uint32_t>(rng.between(1, 60)));
      fillMediaCommon(rng, doc, rng.between(10000, 5000000));
      doc->set_mediakeytimestamp(static_cast<std::int64_t>(header.timestamp));
      doc->set_jpegthumbnail(fakeJpeg(rng, thumbSize(rng, large_media)));
      break;
    }
    case MessageKind::Sticker: {
      auto* st = msg->mutable_stickermessage();
      st->set_url(mediaUrl(rng, "sticker"));
      st->set_mimetype("image/webp");
      st->set_mediakey(rng.bytes(32));
      st->set_filesha256(rng.bytes(32));
      st->set_fileencsha256(rng.bytes(32));
      st->set_height(512);
      st->set_width(512);
      st->set_directpath(directPath(rng));
      st->set_filelength(rng.between(5000, 90000));
      break;
    }
    case MessageKind::Location: {
      auto* loc = msg->mutable_locationmessage();
      loc->set_degreeslatitude(-60.0 + static_cast<double>(rng.below(120000000)) / 1e6);
      loc->set_degreeslongitude(-170.0 + static_cast<double>(rng.below(340000000)) / 1e6);
      if (rng.chance(50)) loc->set_name(fakeSentence(rng, 2));
      if (rng.chance(50)) loc->set_address(fakeSentence(rng, 4));
      loc->set_jpegthumbnail(fakeJpeg(rng, thumbSize(rng, large_media)));
      break;
    }
    case MessageKind::Contact: {
      auto* c = msg->mutable_contactmessage();
      std::string name = fakeName(rng, true);
      c->set_displayname(name);
      c->set_vcard(fakeVcard(rng, name));
      break;
    }
    case MessageKind::GroupNotification: {
      info.clear_message();
      static constexpr WebMessageInfo::WebMessageInfoStubType kStubs[] = {
          WebMessageInfo::GROUP_CREATE, WebMessageInfo::GROUP_CHANGE_SUBJECT, WebMessageInfo::GROUP_PARTICIPANT_ADD,
          WebMessageInfo::GROUP_PARTICIPANT_REMOVE, WebMessageInfo::GROUP_PARTICIPANT_PROMOTE,
          WebMessageInfo::GROUP_PARTICIPANT_LEAVE};
      auto stub = kStubs[rng.below(std::size(kStubs))];
      info.set_messagestubtype(stub);
      if (stub == WebMessageInfo::GROUP_CREATE || stub == WebMessageInfo::GROUP_CHANGE_SUBJECT)
        info.add_messagestubparameters(fakeSentence(rng, rng.between(1, 4)));
      else
        for (std::size_t i = 0, n = rng.between(1, 3); i < n; ++i) info.add_messagestubparameters(fakeUserJid(rng));
      break;
    }
    case MessageKind::Revoke: {
      auto* p = msg->mutable_protocolmessage();
      p->set_type(ProtocolMessage::REVOKE);
      auto* k = p->mutable_key();
      k->set_remotejid(header.remote_jid);
      k->set_fromme(header.from_me);
      k->set_id(fakeMessageId(rng));
      break;
    }
    case MessageKind::Count_: break;
  }
  return info.SerializeAsString();
}

}  // namespace wa::testing
