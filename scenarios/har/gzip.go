package har

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// gzip-compressed HAR files: sitespeed.io and Browsertime write their HARs
// as FILE.har.gz by default. Parse recognises the gzip magic number and
// decompresses before decoding, whatever the file is called.

// isGzip reports whether data starts with the gzip magic number (RFC 1952
// §2.3.1: ID1 = 0x1f, ID2 = 0x8b).
func isGzip(data []byte) bool { return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b }

// gunzip decompresses data, refusing output larger than MaxFileSize (a
// small file can expand without bound).
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return nil, errors.New("truncated: the gzip stream ends in its header")
	}
	if err != nil {
		return nil, fmt.Errorf("not a valid gzip file: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.New("truncated: the gzip stream ends before its end")
	}
	if err != nil {
		return nil, fmt.Errorf("not a valid gzip file: %v", err)
	}
	if len(out) > MaxFileSize {
		return nil, fmt.Errorf("decompressed, the file is larger than %d MiB (the limit of a HAR file)", MaxFileSize>>20)
	}
	return out, nil
}
