package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// FerretDB 1.x runs update and findAndModify as "query, then write by _id" (FerretDB issue #2168),
// so two concurrent conditional updates can both match the same document. MongoDB makes every
// single-document write atomic, and the product's ledger, bookings and job leases rely on that.
// This front end restores it: every client request is forwarded to FerretDB under one lock, held
// until FerretDB's reply to that request has been passed back.

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessageSize = 48 * 1000 * 1000
	replyTimeout   = 5 * time.Minute
)

type wireMessage struct {
	raw        []byte
	requestID  int32
	responseTo int32
	opCode     int32
}

func readMessage(r io.Reader) (*wireMessage, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := int32(binary.LittleEndian.Uint32(header[0:4]))
	if length < 16 || length > maxMessageSize {
		return nil, fmt.Errorf("invalid message length %d", length)
	}
	raw := make([]byte, length)
	copy(raw, header[:])
	if _, err := io.ReadFull(r, raw[16:]); err != nil {
		return nil, err
	}
	return &wireMessage{
		raw:        raw,
		requestID:  int32(binary.LittleEndian.Uint32(header[4:8])),
		responseTo: int32(binary.LittleEndian.Uint32(header[8:12])),
		opCode:     int32(binary.LittleEndian.Uint32(header[12:16])),
	}, nil
}

// expectsReply is false only for OP_MSG requests sent with moreToCome (unacknowledged writes).
func (m *wireMessage) expectsReply() bool {
	if m.opCode != opMsg || len(m.raw) < 20 {
		return true
	}
	return binary.LittleEndian.Uint32(m.raw[16:20])&flagMoreToCome == 0
}

type serializingProxy struct {
	backendNetwork, backendAddress string
	lock                           sync.Mutex
}

func (p *serializingProxy) serve(listener net.Listener) {
	for {
		client, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go p.handle(client)
	}
}

func (p *serializingProxy) handle(client net.Conn) {
	defer client.Close()
	backend, err := net.Dial(p.backendNetwork, p.backendAddress)
	if err != nil {
		return
	}
	defer backend.Close()

	// Replies are pumped back as they come; each one tells the request side its reply has passed.
	replied := make(chan int32, 16)
	go func() {
		defer client.Close()
		defer close(replied)
		for {
			reply, err := readMessage(backend)
			if err != nil {
				return
			}
			if _, err := client.Write(reply.raw); err != nil {
				return
			}
			select {
			case replied <- reply.responseTo:
			default:
			}
		}
	}()

	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		if !request.expectsReply() {
			if _, err := backend.Write(request.raw); err != nil {
				return
			}
			continue
		}
		if !p.forwardAndWait(backend, request, replied) {
			return
		}
	}
}

func (p *serializingProxy) forwardAndWait(backend net.Conn, request *wireMessage, replied <-chan int32) bool {
	p.lock.Lock()
	defer p.lock.Unlock()
	if _, err := backend.Write(request.raw); err != nil {
		return false
	}
	timeout := time.NewTimer(replyTimeout)
	defer timeout.Stop()
	for {
		select {
		case responseTo, ok := <-replied:
			if !ok {
				return false
			}
			if responseTo == request.requestID {
				return true
			}
		case <-timeout.C:
			return false
		}
	}
}
