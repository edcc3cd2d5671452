"""Type stub of wa_web, the toolkit's Python module (docs/python.md)."""

import os
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

__version__: str

BytesLike = Union[bytes, bytearray, memoryview]
Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]
Record = Dict[str, Any]

class Error(Exception):
    """A failure of the toolkit, with where it happened."""

    stage: str
    """The pipeline stage that failed: 'decode', 'json', 'frame', 'keys', 'hmac', 'decrypt', 'media', ..."""
    offset: int
    """The byte offset of the failure in the input given."""
    code: str
    """'truncated', 'invalid', 'limit exceeded', 'unsupported', 'i/o', 'authentication failed', 'bad padding'."""
    reason: str
    """The message without the stage and offset."""

class DecodeError(Error, ValueError):
    """Bytes or text that are not a node, a frame or node JSON."""

class KeysError(Error):
    """A key file or key value that cannot be used (never quotes key material)."""

class CaptureError(Error, OSError):
    """A capture that cannot be opened or read."""

class MediaError(Error):
    """A media file that does not decrypt, or media that cannot be encrypted."""

class Node:
    """A binary node: description, attributes, content. Immutable; strings that are not UTF-8 are bytes."""

    def __init__(
        self,
        description: Text,
        attrs: Optional[Dict[Text, Optional[Text]]] = None,
        content: Union[None, str, bytes, bytearray, List["Node"], Tuple["Node", ...]] = None,
    ) -> None: ...
    @property
    def description(self) -> Text: ...
    @property
    def attrs(self) -> Dict[Text, Optional[Text]]:
        """The attributes in wire order; an absent value (LIST_EMPTY) is None."""
    @property
    def attr_list(self) -> List[Tuple[Text, Optional[Text]]]:
        """The attributes as pairs, repeated keys included."""
    @property
    def content(self) -> Union[None, Text, bytes, List["Node"]]:
        """None, the text, raw bytes, or the children."""
    @property
    def content_kind(self) -> str:
        """'none', 'text', 'bytes' or 'children'."""
    @property
    def children(self) -> List["Node"]: ...
    @property
    def message(self) -> Optional[Dict[str, Any]]:
        """A message node's WebMessageInfo as a dict, else None."""
    def to_json(self, pretty: bool = False) -> str:
        """The node JSON exactly as wadecode writes it."""
    @staticmethod
    def from_json(text: str) -> "Node":
        """Reads node JSON; raises DecodeError at the offset."""
    def __eq__(self, other: object) -> bool: ...

def decode_node(data: BytesLike, *, proto: bool = True) -> Node:
    """Decodes one binary node; raises DecodeError with .offset and .stage."""

def encode_node(node: Node, style: str = "server") -> bytes:
    """Encodes a node: style 'server', 'webclient' or 'plain'."""

class Keys:
    """The keys that open binary frames (never shown in repr)."""

    def __init__(
        self,
        *,
        enc_key: Optional[Union[bytes, str]] = None,
        mac_key: Optional[Union[bytes, str]] = None,
        private_key: Optional[Union[bytes, str]] = None,
    ) -> None: ...
    @staticmethod
    def load(path: PathLike) -> "Keys":
        """Reads a key file in any format wadecode reads; raises KeysError."""
    @staticmethod
    def derive(*, private_key: Union[bytes, str], secret: Union[bytes, str]) -> "Keys":
        """encKey and macKey from the client's private key and the Conn secret."""
    @property
    def enc_key(self) -> Optional[bytes]: ...
    @property
    def mac_key(self) -> Optional[bytes]: ...
    @property
    def connections(self) -> List[str]: ...

KeysArg = Union[None, Keys, PathLike]

def decrypt_frame(frame: bytes, keys: KeysArg, direction: Optional[str] = "receive") -> Record:
    """One WebSocket message as the record wadecode writes for it (an "error" member when it fails)."""

class CaptureReader(Iterator[Record]):
    """The records of a capture, in order."""

    def __iter__(self) -> "CaptureReader": ...
    def __next__(self) -> Record: ...
    def close(self) -> None: ...
    @property
    def warnings(self) -> List[str]:
        """What the reader skipped without a record (for a pcap: connections that are not
        WebSocket, IP fragments), one line per kind; known once every record was read."""
    def __enter__(self) -> "CaptureReader": ...
    def __exit__(self, *args: Any) -> None: ...

def read_capture(
    path: PathLike, keys: KeysArg = None, *, format: str = "auto", jobs: Optional[int] = None
) -> CaptureReader:
    """A capture's records, streamed, each exactly json.loads of wadecode's JSONL line."""

class media:
    """Media files: decrypt and encrypt, as wamedia does, in memory."""

    @staticmethod
    def decrypt(data: BytesLike, media_key: Union[bytes, str], media_type: str) -> bytes:
        """Decrypts with the MAC checked first; raises MediaError as wamedia explains it."""
    @staticmethod
    def encrypt(
        data: BytesLike, media_type: str, media_key: Optional[Union[bytes, str]] = None
    ) -> Tuple[bytes, Dict[str, Any]]:
        """(encrypted bytes, wamedia's info document)."""
