// Checks the generated wa_messages.proto (as compiled into the library) against libcodec/proto/schema.tsv.
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include "wa/codec/proto/web_message_info.h"

namespace wa::codec {
namespace {

namespace pb = google::protobuf;

const pb::FileDescriptor* schemaFile() {
  // The smallest valid WebMessageInfo: an empty key (field 1, length 0).
  auto view = parseWebMessageInfo(std::string_view("\x0a\x00", 2));
  if (!view) return nullptr;
  return view->message().GetDescriptor()->file();
}

struct Counts {
  int messages = 0, fields = 0, enums = 0, values = 0;
};

void countMessage(const pb::Descriptor* d, Counts& c) {
  ++c.messages;
  c.fields += d->field_count();
  for (int i = 0; i < d->enum_type_count(); ++i) {
    ++c.enums;
    c.values += d->enum_type(i)->value_count();
  }
  for (int i = 0; i < d->nested_type_count(); ++i) countMessage(d->nested_type(i), c);
}

std::vector<std::vector<std::string>> readTable() {
  std::ifstream in(std::string(WA_SOURCE_DIR) + "/libcodec/proto/schema.tsv");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    rows.push_back(cols);
  }
  return rows;
}

TEST(ProtoSchema, CountsMatchTheTable) {
  const pb::FileDescriptor* file = schemaFile();
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->package(), "wa.proto");
  Counts c;
  for (int i = 0; i < file->message_type_count(); ++i) countMessage(file->message_type(i), c);
  c.enums += file->enum_type_count();
  EXPECT_EQ(c.messages, 156);
  EXPECT_EQ(c.fields, 820);
  EXPECT_EQ(c.enums, 44);
  EXPECT_EQ(c.values, 356);
}

TEST(ProtoSchema, EveryTableRowIsInTheCompiledSchema) {
  const pb::FileDescriptor* file = schemaFile();
  ASSERT_NE(file, nullptr);
  const pb::DescriptorPool* pool = file->pool();
  const auto rows = readTable();
  ASSERT_EQ(rows.size(), 820u + 356u);
  for (const auto& row : rows) {
    if (row.at(0) == "enum") {
      ASSERT_EQ(row.size(), 4u);
      const pb::EnumDescriptor* e = pool->FindEnumTypeByName("wa.proto." + row[1]);
      ASSERT_NE(e, nullptr) << row[1];
      const pb::EnumValueDescriptor* v = e->FindValueByName(row[2]);
      ASSERT_NE(v, nullptr) << row[1] << "." << row[2];
      EXPECT_EQ(v->number(), std::stoi(row[3])) << row[1] << "." << row[2];
      continue;
    }
    ASSERT_EQ(row.size(), 5u);
    const pb::Descriptor* m = pool->FindMessageTypeByName("wa.proto." + row[0]);
    ASSERT_NE(m, nullptr) << row[0];
    const pb::FieldDescriptor* f = m->FindFieldByName(row[1]);
    ASSERT_NE(f, nullptr) << row[0] << "." << row[1];
    EXPECT_EQ(f->number(), std::stoi(row[2])) << row[0] << "." << row[1];
    std::string type = f->type_name();
    if (f->message_type() != nullptr) type = f->message_type()->full_name();
    if (f->enum_type() != nullptr) type = f->enum_type()->full_name();
    const bool scalar = f->message_type() == nullptr && f->enum_type() == nullptr;
    EXPECT_EQ(type, scalar ? row[3] : "wa.proto." + row[3]) << row[0] << "." << row[1];
    const char* label = f->is_required() ? "required" : f->is_repeated() ? "repeated" : "optional";
    EXPECT_EQ(label, row[4]) << row[0] << "." << row[1];
  }
}

TEST(ProtoSchema, KnownFieldNumbers) {
  const pb::FileDescriptor* file = schemaFile();
  ASSERT_NE(file, nullptr);
  const pb::DescriptorPool* pool = file->pool();
  auto field = [&](const std::string& message, const std::string& name) {
    const pb::Descriptor* m = pool->FindMessageTypeByName("wa.proto." + message);
    return m != nullptr ? m->FindFieldByName(name) : nullptr;
  };
  ASSERT_NE(field("WebMessageInfo", "key"), nullptr);
  EXPECT_EQ(field("WebMessageInfo", "key")->number(), 1);
  EXPECT_TRUE(field("WebMessageInfo", "key")->is_required());
  EXPECT_EQ(field("WebMessageInfo", "messageTimestamp")->number(), 3);
  EXPECT_EQ(field("WebMessageInfo", "pushName")->number(), 19);
  EXPECT_EQ(field("Message", "conversation")->number(), 1);
  EXPECT_EQ(field("Message", "imageMessage")->number(), 3);
  EXPECT_EQ(field("Message", "extendedTextMessage")->number(), 6);
  EXPECT_EQ(field("ImageMessage", "mediaKey")->number(), 8);
  EXPECT_EQ(field("ImageMessage", "mediaKey")->type(), pb::FieldDescriptor::TYPE_BYTES);
  EXPECT_EQ(field("ImageMessage", "jpegThumbnail")->number(), 16);
  EXPECT_EQ(field("ContextInfo", "quotedMessage")->number(), 3);
  EXPECT_EQ(field("ContextInfo", "mentionedJid")->number(), 15);
  EXPECT_TRUE(field("ContextInfo", "mentionedJid")->is_repeated());
  EXPECT_EQ(field("MessageKey", "participant")->number(), 4);
  // Nested enum types from dotted names.
  const pb::EnumDescriptor* status = pool->FindEnumTypeByName("wa.proto.WebMessageInfo.WebMessageInfoStatus");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->containing_type()->name(), "WebMessageInfo");
  EXPECT_EQ(status->FindValueByName("READ")->number(), 4);
  EXPECT_EQ(field("WebMessageInfo", "status")->enum_type(), status);
}

}  // namespace
}  // namespace wa::codec
