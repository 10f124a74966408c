package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
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
// This front end restores it, and only for what needs it. Updates, findAndModify and deletes of one
// collection (database + collection name) are forwarded under that collection's lock, held until
// FerretDB's reply has been passed back:
//   - one whose filter names a single document by `_id` equality (a rate-limit window, a session,
//     a job or checkout moved by id) holds the collection's lock shared and that document's stripe
//     exclusively: writes to different documents run concurrently, writes to one are serialized;
//   - any other (a job claim, `{residentId, state}`) holds the collection's lock exclusively.
// Reads, inserts (unique indexes are enforced by PostgreSQL itself), other collections and every
// other command go straight through, concurrently. A read never waits and sees committed documents.

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

// writeCommands race in FerretDB 1.x unless serialized.
var writeCommands = map[string]bool{"update": true, "findAndModify": true, "delete": true}

const stripes = 256

type collectionLock struct {
	whole    sync.RWMutex
	byStripe [stripes]sync.Mutex
}

// heldLock is what one request holds while it is forwarded.
type heldLock struct {
	collection *collectionLock
	stripe     int // -1: the whole collection, exclusively
	all        *sync.Mutex
}

func (h *heldLock) lock() {
	switch {
	case h.all != nil:
		h.all.Lock()
	case h.stripe < 0:
		h.collection.whole.Lock()
	default:
		h.collection.whole.RLock()
		h.collection.byStripe[h.stripe].Lock()
	}
}

func (h *heldLock) unlock() {
	switch {
	case h.all != nil:
		h.all.Unlock()
	case h.stripe < 0:
		h.collection.whole.Unlock()
	default:
		h.collection.byStripe[h.stripe].Unlock()
		h.collection.whole.RUnlock()
	}
}

type serializingProxy struct {
	backendNetwork, backendAddress string
	serialize                      string // "writes" (default), "all" or "none" (for measurements)

	mu    sync.Mutex
	locks map[string]*collectionLock // "<db>.<collection>" → its locks
	all   sync.Mutex
}

// lockFor returns the lock a request must hold, or nil when it may run concurrently.
func (p *serializingProxy) lockFor(request *wireMessage) *heldLock {
	switch p.serialize {
	case "none":
		return nil
	case "all":
		return &heldLock{all: &p.all}
	}
	target, ok := commandTarget(request)
	if !ok {
		return &heldLock{all: &p.all} // not an OP_MSG we can read: the safe side
	}
	if !writeCommands[target.command] {
		return nil
	}
	key := target.db + "." + target.collection
	p.mu.Lock()
	if p.locks == nil {
		p.locks = map[string]*collectionLock{}
	}
	lock := p.locks[key]
	if lock == nil {
		lock = &collectionLock{}
		p.locks[key] = lock
	}
	p.mu.Unlock()
	if target.singleID == nil {
		return &heldLock{collection: lock, stripe: -1}
	}
	return &heldLock{collection: lock, stripe: int(crc32.ChecksumIEEE(target.singleID) % stripes)}
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
	// Buffered reads take a message's header and body in one system call instead of two.
	fromBackend := bufio.NewReaderSize(backend, 64*1024)
	fromClient := bufio.NewReaderSize(client, 64*1024)
	go func() {
		defer client.Close()
		defer close(pumpDone)
		for {
			reply, err := readMessage(fromBackend)
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
		request, err := readMessage(fromClient)
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
		lock.lock()
		awaiting.Store(int64(request.requestID) + 1)
		ok := waitForReply(backend, request, replied, pumpDone)
		lock.unlock()
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

type commandInfo struct {
	command, collection, db string
	// singleID is the BSON value (type byte + bytes) of the `_id` equality that confines the write
	// to one document; nil when the write may touch any document.
	singleID []byte
}

// commandTarget reads an OP_MSG: the command document's first field names the command and the
// collection, "$db" the database; the write statements ("updates" with "q", "deletes" with "q", or
// findAndModify's "query") come in the command document or in a document sequence (kind 1).
func commandTarget(m *wireMessage) (commandInfo, bool) {
	var info commandInfo
	if m.opCode != opMsg || len(m.raw) < 21 {
		return info, false
	}
	var body []byte
	var statements [][]byte
	sections := m.raw[20:]
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return info, false
		}
		size := int(binary.LittleEndian.Uint32(sections[0:4]))
		if size < 5 || size > len(sections) {
			return info, false
		}
		if kind == 0 {
			body = sections[:size]
		} else {
			// A document sequence: size, identifier, then documents (the write statements).
			sequence := sections[4:size]
			nameEnd := indexByte(sequence, 0)
			if nameEnd < 0 {
				return info, false
			}
			for docs := sequence[nameEnd+1:]; len(docs) >= 5; {
				n := int(binary.LittleEndian.Uint32(docs[0:4]))
				if n < 5 || n > len(docs) {
					return info, false
				}
				statements = append(statements, docs[:n])
				docs = docs[n:]
			}
		}
		sections = sections[size:]
	}
	if body == nil {
		return info, false
	}
	ok := forEachElement(body, func(i int, name string, elementType byte, value []byte) {
		switch {
		case i == 0:
			info.command = name
			if elementType == 0x02 {
				info.collection = bsonString(value)
			}
		case name == "$db" && elementType == 0x02:
			info.db = bsonString(value)
		case (name == "updates" || name == "deletes") && elementType == 0x04:
			forEachElement(value, func(_ int, _ string, t byte, statement []byte) {
				if t == 0x03 {
					statements = append(statements, statement)
				}
			})
		case name == "query" && elementType == 0x03:
			statements = append(statements, append([]byte{}, wrapQuery(value)...))
		}
	})
	if !ok || info.command == "" {
		return info, false
	}
	if len(statements) == 1 {
		info.singleID = idEquality(statements[0])
	}
	return info, true
}

// wrapQuery makes findAndModify's query look like a write statement {q: query}.
func wrapQuery(query []byte) []byte {
	doc := []byte{0, 0, 0, 0, 0x03, 'q', 0}
	doc = append(doc, query...)
	doc = append(doc, 0)
	binary.LittleEndian.PutUint32(doc[0:4], uint32(len(doc)))
	return doc
}

// idEquality returns the `_id` value a statement's filter {q: {_id: <value>, …}} pins, if a plain one.
func idEquality(statement []byte) []byte {
	var id []byte
	forEachElement(statement, func(_ int, name string, elementType byte, value []byte) {
		if name != "q" || elementType != 0x03 {
			return
		}
		forEachElement(value, func(_ int, field string, t byte, v []byte) {
			if field != "_id" || t == 0x03 || t == 0x04 || t == 0x0B { // a document ($in, $gt…), an array or a regex matches many
				return
			}
			id = append([]byte{t}, v...)
		})
	})
	return id
}

// forEachElement calls fn for each element of a BSON document; false if the document is malformed.
func forEachElement(doc []byte, fn func(i int, name string, elementType byte, value []byte)) bool {
	if len(doc) < 5 {
		return false
	}
	rest := doc[4 : len(doc)-1]
	for i := 0; len(rest) > 0; i++ {
		elementType := rest[0]
		nameEnd := indexByte(rest[1:], 0)
		if nameEnd < 0 {
			return false
		}
		name := string(rest[1 : 1+nameEnd])
		value := rest[2+nameEnd:]
		size := bsonValueSize(elementType, value)
		if size < 0 || size > len(value) {
			return false
		}
		fn(i, name, elementType, value[:size])
		rest = value[size:]
	}
	return true
}

func bsonString(value []byte) string {
	if len(value) < 5 {
		return ""
	}
	return string(value[4 : len(value)-1])
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
