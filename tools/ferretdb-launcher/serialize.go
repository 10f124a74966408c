package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// FerretDB 1.x runs update, findAndModify and delete as "query, then write by _id" (FerretDB issue
// #2168), so two concurrent conditional updates of one document can both match it: measured on both
// backends by test/integration/foundation/database.test.ts (40 racing decrements of a stock of 10
// let more than 10 through without this front end). MongoDB makes every single-document write
// atomic by itself, and the product's bookings, checkouts, leases and job claims rely on that.
//
// This front end restores it for FerretDB, and only for what needs it: every update, findAndModify
// and delete on one collection (database + collection name) is forwarded under that collection's
// lock, held until FerretDB's reply has been passed back. Reads, inserts (unique indexes are
// enforced by PostgreSQL itself), other collections and every other command go straight through,
// concurrently. A read never waits for a write and sees only committed documents.

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

// writeCommands race in FerretDB 1.x unless serialized per collection.
var writeCommands = map[string]bool{"update": true, "findAndModify": true, "delete": true}

type serializingProxy struct {
	backendNetwork, backendAddress string
	serialize                      string // "writes" (default), "all" or "none" (for measurements)

	mu    sync.Mutex
	locks map[string]*sync.Mutex // "<db>.<collection>" → its write lock
	all   sync.Mutex
}

// lockFor returns the lock a request must hold, or nil when it may run concurrently.
func (p *serializingProxy) lockFor(request *wireMessage) *sync.Mutex {
	switch p.serialize {
	case "none":
		return nil
	case "all":
		return &p.all
	}
	command, collection, db, ok := commandTarget(request)
	if !ok {
		return &p.all // not an OP_MSG we can read: the safe side
	}
	if !writeCommands[command] {
		return nil
	}
	key := db + "." + collection
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.locks == nil {
		p.locks = map[string]*sync.Mutex{}
	}
	lock := p.locks[key]
	if lock == nil {
		lock = &sync.Mutex{}
		p.locks[key] = lock
	}
	return lock
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

	// Replies are pumped back as they come. The request side, while it holds a lock, waits for the
	// reply to its own request: the pump signals when that one has passed back to the client.
	var awaiting atomic.Int64 // requestID + 1 of the request waited for; 0 when none
	replied := make(chan struct{}, 1)
	pumpDone := make(chan struct{})
	go func() {
		defer client.Close()
		defer close(pumpDone)
		for {
			reply, err := readMessage(backend)
			if err != nil {
				return
			}
			if _, err := client.Write(reply.raw); err != nil {
				return
			}
			if awaiting.CompareAndSwap(int64(reply.responseTo)+1, 0) {
				replied <- struct{}{}
			}
		}
	}()

	for {
		request, err := readMessage(client)
		if err != nil {
			return
		}
		lock := p.lockFor(request)
		if lock == nil || !request.expectsReply() {
			if _, err := backend.Write(request.raw); err != nil {
				return
			}
			continue
		}
		lock.Lock()
		awaiting.Store(int64(request.requestID) + 1)
		ok := waitForReply(backend, request, replied, pumpDone)
		lock.Unlock()
		if !ok {
			return
		}
	}
}

func waitForReply(backend net.Conn, request *wireMessage, replied <-chan struct{}, pumpDone <-chan struct{}) bool {
	if _, err := backend.Write(request.raw); err != nil {
		return false
	}
	timeout := time.NewTimer(replyTimeout)
	defer timeout.Stop()
	select {
	case <-replied:
		return true
	case <-pumpDone:
		return false
	case <-timeout.C:
		return false
	}
}

// commandTarget reads an OP_MSG's command document: its first field names the command and (for
// CRUD commands) the collection; "$db" names the database.
func commandTarget(m *wireMessage) (command, collection, db string, ok bool) {
	if m.opCode != opMsg || len(m.raw) < 21 {
		return "", "", "", false
	}
	sections := m.raw[20:]
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return "", "", "", false
		}
		size := int(binary.LittleEndian.Uint32(sections[0:4]))
		if size < 5 || size > len(sections) {
			return "", "", "", false
		}
		if kind != 0 {
			sections = sections[size:] // a document sequence (kind 1) is size-prefixed too
			continue
		}
		return parseCommandDocument(sections[:size])
	}
	return "", "", "", false
}

func parseCommandDocument(doc []byte) (command, collection, db string, ok bool) {
	rest := doc[4 : len(doc)-1]
	first := true
	for len(rest) > 0 {
		elementType := rest[0]
		nameEnd := indexByte(rest[1:], 0)
		if nameEnd < 0 {
			return "", "", "", false
		}
		name := string(rest[1 : 1+nameEnd])
		value := rest[2+nameEnd:]
		size := bsonValueSize(elementType, value)
		if size < 0 || size > len(value) {
			return "", "", "", false
		}
		if elementType == 0x02 && (first || name == "$db") {
			s := string(value[4 : size-1])
			if first {
				collection = s
			} else {
				db = s
			}
		}
		if first {
			command = name
			first = false
		}
		rest = value[size:]
	}
	return command, collection, db, command != ""
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// bsonValueSize is the encoded size of a BSON value of the given type at the start of b, or -1.
func bsonValueSize(elementType byte, b []byte) int {
	int32At := func(offset int) int {
		if len(b) < offset+4 {
			return -1
		}
		return int(int32(binary.LittleEndian.Uint32(b[offset:])))
	}
	switch elementType {
	case 0x01, 0x09, 0x11, 0x12: // double, UTC datetime, timestamp, int64
		return 8
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol
		if n := int32At(0); n >= 1 {
			return 4 + n
		}
		return -1
	case 0x03, 0x04, 0x0F: // document, array, code with scope
		return int32At(0)
	case 0x05: // binary
		if n := int32At(0); n >= 0 {
			return 5 + n
		}
		return -1
	case 0x06, 0x0A, 0x7F, 0xFF: // undefined, null, max key, min key
		return 0
	case 0x07: // ObjectId
		return 12
	case 0x08: // boolean
		return 1
	case 0x0B: // regex: two C strings
		first := indexByte(b, 0)
		if first < 0 {
			return -1
		}
		second := indexByte(b[first+1:], 0)
		if second < 0 {
			return -1
		}
		return first + second + 2
	case 0x0C: // DBPointer
		if n := int32At(0); n >= 1 {
			return 4 + n + 12
		}
		return -1
	case 0x10: // int32
		return 4
	case 0x13: // decimal128
		return 16
	}
	return -1
}
