// Package readfile reads the files users hand to pagesim (scenarios, HAR
// recordings) with two guards that os.ReadFile lacks: only regular files
// are read (a FIFO would block for ever, /dev/zero never ends), and a file
// larger than a stated limit is refused before it is read, with the limit
// in the message.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrTooLarge is wrapped by the error for a file above the limit.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is wrapped by the error for a file that is not a regular
// file (a directory, a device, a FIFO, a socket).
var ErrNotRegular = errors.New("not a regular file")

// Read returns the contents of the regular file at path, refusing anything
// else and any file of more than limit bytes. what names the kind of file
// in messages ("scenario", "HAR file"). The file is checked before it is
// opened (opening a FIFO blocks) and read through a limit, so a file that
// grows while it is read cannot exceed it either.
func Read(path string, limit int64, what string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, st, limit, what); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st2, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(st, st2) {
		if err := check(path, st2, limit, what); err != nil {
			return nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, limit, what, "grew while it was read")
	}
	return data, nil
}

func check(path string, st fs.FileInfo, limit int64, what string) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: %w: it is %s (expected a %s)", path, ErrNotRegular, kind(st.Mode()), what)
	}
	if st.Size() > limit {
		return tooLarge(path, limit, what, size(st.Size()))
	}
	return nil
}

func tooLarge(path string, limit int64, what, how string) error {
	return fmt.Errorf("%s: %w: %s, more than the %s limit for a %s", path, ErrTooLarge, how, size(limit), what)
}

// kind names a non-regular file mode.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// size prints a byte count in binary units: "64 MiB", "4.5 GiB", "120 B".
func size(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if u == 0 || v == float64(int64(v)) {
		return fmt.Sprintf("%d %s", int64(v), units[u])
	}
	return fmt.Sprintf("%.1f %s", v, units[u])
}
