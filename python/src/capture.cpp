// Frames and captures through the session layer; records are json.loads of wadecode's lines.
#include "capture.h"

#include "errors.h"
#include "json_objects.h"
#include "keys.h"
#include "node.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/capture/detect.h"
#include "wa/codec/frame/frame.h"
#include "wa/session/message_decoder.h"
#include "wa/session/parallel_decoder.h"
#include "wa/session/record_json.h"
#include "wa/support/text/json_tape.h"

namespace wa::python {
namespace {

codec::Direction directionOf(const py::object& direction) {
  if (direction.is_none()) return codec::Direction::Unknown;
  const std::string d = direction.cast<std::string>();
  if (d == "receive") return codec::Direction::Receive;
  if (d == "send") return codec::Direction::Send;
  throw py::value_error("direction must be 'receive', 'send' or None (inferred from the frame)");
}

// Each record as the objects to make (json.loads of wadecode's line), written on the workers
// without the text: the interpreter's thread then only makes them (tapeToPython).
class RecordTapes final : public session::RecordHandler {
 public:
  void handle(const session::Record& record, std::string& out, session::RecordNote&) override {
    session::appendRecordTape(out, record);
  }
};

/// The iterator read_capture returns: a ParallelDecoder, and the batch being handed out.
class CaptureRecords {
 public:
  CaptureRecords(std::unique_ptr<session::CaptureKeys> keys, std::unique_ptr<capture::CaptureReader> reader,
                 unsigned jobs)
      : keys_(std::move(keys)), reader_(std::move(reader)) {
    session::ParallelOptions options;
    options.workers = jobs;
    options.caller_decodes = true;  // the interpreter's thread decodes while it would wait
    decoder_ = std::make_unique<session::ParallelDecoder>(
        *reader_, *keys_, [] { return std::make_unique<RecordTapes>(); }, options);
  }

  /// The next record (a new reference), or nullptr at the end (no Python error set then).
  /// Throws what the decoder or the object making throws.
  PyObject* next() {
    if (!decoder_) return nullptr;
    if (position_ == batch_.notes.size()) {
      bool more = false;
      {
        py::gil_scoped_release unlocked;
        more = decoder_->next(batch_);
      }
      position_ = 0;
      if (!more) {
        close();
        return nullptr;
      }
    }
    const std::size_t start = position_ == 0 ? 0 : batch_.notes[position_ - 1].output_end;
    const std::size_t end = batch_.notes[position_].output_end;
    ++position_;
    return tapeToPython(std::string_view(batch_.output).substr(start, end - start)).release().ptr();
  }

  /// The reader's warnings, once every record was read or close() was called; empty before.
  std::vector<std::string> warnings() const {
    if (decoder_) return {};
    return reader_->warnings();
  }

  /// Stops the threads and forgets the capture (also when the iterator is dropped).
  void close() {
    py::gil_scoped_release unlocked;
    decoder_.reset();
  }

 private:
  std::unique_ptr<session::CaptureKeys> keys_;  // the reader's frame check uses them
  std::unique_ptr<capture::CaptureReader> reader_;
  std::unique_ptr<session::ParallelDecoder> decoder_;
  session::DecodedBatch batch_;
  std::size_t position_ = 0;
};

// tp_iternext of CaptureReader, set on the type itself: a for loop over a capture then reaches
// next() without pybind11's call dispatch for each record (read_capture over a 50 MB pcap:
// 0.187-0.201 -> 0.176-0.184 s). The end returns nullptr with no error set, as iterators do.
PyObject* nextRecord(PyObject* self) noexcept {
  try {
    return py::handle(self).cast<CaptureRecords&>().next();
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (py::builtin_exception& e) {
    e.set_error();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "wa_web: unknown error while reading a capture");
  }
  return nullptr;
}

}  // namespace

void registerCapture(py::module_& m) {
  m.def(
      "_loads", [](std::string_view text) { return jsonToPython(text); }, py::arg("text"),
      "json.loads as the records are read (for the tests that compare the two).");
  m.def(
      "_tape_loads",
      [](std::string_view text) {
        std::string tape;
        support::appendJsonTape(tape, text);
        return tapeToPython(tape);
      },
      py::arg("text"), "The same in read_capture's two steps: the tape a worker writes, then its objects.");
  m.def(
      "decrypt_frame",
      [](const py::bytes& frame, const py::object& keys, const py::object& direction) {
        capture::CaptureMessage message;
        message.payload = frame.cast<std::string>();
        message.op = codec::guessOpcode(message.payload);
        message.dir = directionOf(direction);
        session::CaptureKeys capture_keys(keySourcesOf(keys));
        std::string tape;
        {
          py::gil_scoped_release unlocked;
          session::MessageDecoder decoder(capture_keys, {});
          session::Record record;
          decoder.decode(message, record);
          session::appendRecordTape(tape, record);
        }
        return tapeToPython(tape);
      },
      py::arg("frame"), py::arg("keys"), py::arg("direction") = "receive",
      R"doc(One WebSocket message (text or binary) as the record wadecode writes for it.

keys: a Keys, a key file's path, or None. direction: 'receive' (server to client), 'send', or None
to infer it from the frame. A frame that fails (HMAC, decryption, decoding) gives a record with
an "error" member, as wadecode does; it does not raise.)doc");

  // __iter__ and __next__ are the type's C slots (PyType_Ready names them), not pybind11 methods:
  // a method defined later would replace the slot.
  py::class_<CaptureRecords>(m, "CaptureReader", "The records of a capture, in order (see read_capture).",
                             py::custom_type_setup([](PyHeapTypeObject* type) {
                               type->ht_type.tp_iter = PyObject_SelfIter;
                               type->ht_type.tp_iternext = nextRecord;
                             }))
      .def("close", &CaptureRecords::close, "Stops reading; the iterator then ends.")
      .def_property_readonly(
          "warnings",
          [](const CaptureRecords& self) {
            py::list out;
            for (const std::string& w : self.warnings()) out.append(py::str(w));
            return out;
          },
          "What the reader skipped without a record, one line per kind with its count (for a pcap: "
          "connections that are not WebSocket, IP fragments, truncated packets), as wadecode prints them; known "
          "once every record was read or close() was called, empty before.")
      .def("__enter__", [](CaptureRecords& self) -> CaptureRecords& { return self; })
      .def("__exit__", [](CaptureRecords& self, const py::args&) { self.close(); });

  m.def(
      "read_capture",
      [](const py::object& path, const py::object& keys, std::string_view format, const py::object& jobs) {
        capture::CaptureFormat f = capture::CaptureFormat::Unknown;
        if (format != "auto") {
          auto parsed = capture::parseCaptureFormat(format);
          if (!parsed) throw py::value_error("format must be 'auto' or a capture format (har, mitm, pcap, pcapng, "
                                             "tshark-ek, jsonl, text, hex, b64)");
          f = *parsed;
        }
        auto capture_keys = std::make_unique<session::CaptureKeys>(keySourcesOf(keys));
        // After a capture loss, frames found again must carry this session's HMAC (as in wadecode).
        capture::ReaderOptions reader_options;
        reader_options.check_frame = [k = capture_keys.get()](std::string_view conn, codec::Direction dir,
                                                             codec::Opcode op, codec::ByteView payload, bool complete) {
          return k->checkCandidate(conn, dir, op, payload, complete);
        };
        const std::string p = py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
        const unsigned workers = jobs.is_none() ? session::availableCores() : jobs.cast<unsigned>();
        if (workers == 0) throw py::value_error("jobs must be at least 1");
        std::unique_ptr<capture::CaptureReader> reader;
        std::optional<capture::Error> failure;
        {
          py::gil_scoped_release unlocked;
          auto source = capture::openFileSource(p);
          if (!source) {
            failure = source.error();
          } else if (auto opened = capture::openCaptureReader(std::move(*source), f, reader_options); !opened) {
            failure = opened.error();
          } else {
            reader = std::move(*opened);
          }
        }
        if (failure) {
          failure->message = p + ": " + failure->message;
          raise(ErrorKind::Capture, *failure);
        }
        return std::make_unique<CaptureRecords>(std::move(capture_keys), std::move(reader), workers);
      },
      py::arg("path"), py::arg("keys") = py::none(), py::kw_only(), py::arg("format") = "auto",
      py::arg("jobs") = py::none(),
      R"doc(The records of a capture file, streamed: each exactly json.loads of the line wadecode
--format jsonl writes for it, in capture order.

keys: a Keys, a key file's path, or None. format: 'auto' or a capture format (har, mitm, pcap,
pcapng, tshark-ek, jsonl, text, hex, b64). jobs: threads decoding messages (default: the cores
available). Memory stays bounded whatever the file's size. Raises CaptureError when the file
cannot be opened or its format told (an empty file has no records, as in wadecode); a failed
record has an "error" member.)doc");
}

}  // namespace wa::python
