// Umbrella header for wa::crypto: everything that is a key (see each header for its contracts).
//   bytes.h         Bytes, ByteView, Key32/Iv/Sha256Digest, base64 and hex, key-file values
//   error.h         Error {code, stage, offset, message} and Expected<T>
//   primitives.h    SHA-256, HMAC-SHA256, HKDF, AES-256-CBC (+ PKCS#7), X25519, CSPRNG
//   session.h       encKey/macKey from `secret` (client), `secret` for a client key (mock server),
//                   challenge answer, logout token
//   frame_cipher.h  binary frame bodies in both directions
//   media_types.h   media types, HKDF labels, aliases
//   media.h         media keys, one-shot decrypt/encrypt, hashes, diagnosis of bad files
//   media_stream.h  constant-memory streams and two-pass verify-first decryption
//   sidecar.h       streaming and first-frame sidecars, byte-range decryption
//   key_files.h     key and session files of every supported format, and the writer
#pragma once

#include "wa/crypto/bytes.h"
#include "wa/crypto/error.h"
#include "wa/crypto/frame_cipher.h"
#include "wa/crypto/key_files.h"
#include "wa/crypto/media.h"
#include "wa/crypto/media_stream.h"
#include "wa/crypto/media_types.h"
#include "wa/crypto/primitives.h"
#include "wa/crypto/session.h"
#include "wa/crypto/sidecar.h"
