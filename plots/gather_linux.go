//go:build linux

package plots

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

// iovMax is the most buffers one writev takes (IOV_MAX on Linux).
const iovMax = 1024

// newGather returns a gather write to w when w is a regular file: the
// buffers go to the kernel with writev straight from where they are, in
// as few calls as IOV_MAX allows, instead of being copied into a buffer
// first. It returns nil for any other writer (a pipe, a terminal, a test's
// writer), which the caller then writes through its buffer.
func newGather(w io.Writer) func(bufs [][]byte) error {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	var iovs []syscall.Iovec
	return func(bufs [][]byte) error {
		var werr error
		// A regular file is not in the poller: rc.Write calls this once.
		err := rc.Write(func(fd uintptr) bool {
			i, off := 0, 0 // the first byte not yet written: bufs[i][off]
			for i < len(bufs) {
				iovs = iovs[:0]
				for k := i; k < len(bufs) && len(iovs) < iovMax; k++ {
					b := bufs[k]
					if k == i {
						b = b[off:]
					}
					if len(b) > 0 {
						iov := syscall.Iovec{Base: &b[0]}
						iov.SetLen(len(b))
						iovs = append(iovs, iov)
					}
				}
				if len(iovs) == 0 {
					break
				}
				r, _, e := syscall.Syscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iovs[0])), uintptr(len(iovs)))
				if e == syscall.EINTR {
					continue
				}
				if e != 0 {
					werr = &os.PathError{Op: "write", Path: f.Name(), Err: e}
					break
				}
				if r == 0 {
					werr = &os.PathError{Op: "write", Path: f.Name(), Err: io.ErrShortWrite}
					break
				}
				// Step over the r bytes written.
				for n := int(r); n > 0 && i < len(bufs); {
					if left := len(bufs[i]) - off; n >= left {
						n -= left
						i, off = i+1, 0
					} else {
						off += n
						n = 0
					}
				}
			}
			clear(iovs) // hold no row past the call
			return true
		})
		if werr != nil {
			return werr
		}
		return err
	}
}
