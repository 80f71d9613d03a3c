#!/usr/bin/python3
"""A Modbus TCP test peer built on Debian's python3-pymodbus 3.0 (run it with /usr/bin/python3).

Usage: pymodbus-server.py --port PORT [--unit 1] [--host 127.0.0.1]
       pymodbus-server.py --rtu [--unit 1]
TCP: prints "READY <port>" on stdout once it accepts connections.
RTU (--rtu): serves Modbus RTU on a pseudo-terminal and prints "READY <tty path>" for the client to open; two pty
pairs joined back to back stand in for a null-modem cable (each side opens a real tty device).

Units:
  UNIT      the device described below
  UNIT + 1  a gateway whose target does not answer: exception 11 (gateway target device failed to respond)
  others    not served at all: requests are dropped, so the client times out

Addresses are 0-based PDU addresses (zero_mode). Register map of UNIT (the connector tests rely on it):
  holding 0        uint16   counter, +1 every 100 ms (wraps at 65536)
  holding 1        int16    -1234
  holding 2-3      float32  ABCD (big-endian words)     123.456
  holding 4-5      float32  CDAB (little-endian words)  123.456
  holding 6-7      float32  BADC                        1013.25
  holding 8-9      float32  DCBA                        -42.125
  holding 10-11    int32    ABCD                        -100000
  holding 12-13    uint32   CDAB                        3000000000
  holding 14-17    float64  ABCD..                      12345.6789
  holding 18-21    float64  word-reversed (LE words)    -9876.54321
  holding 22-23    float32  ABCD  wave = 50 + 10 sin(2 pi t / 10 s)  (changes over time)
  holding 24-25    float32  CDAB  the same wave
  holding 26       uint16   ramp = (counter * 7) mod 1000
  holding 30       uint16   status word 0b1010_0000_0000_0101
  holding 0-99     valid; 100-199 illegal address (exception 2)
  holding 200-209  valid addresses whose "sensor board" fails: exception 4 (slave device failure)
  input 0          int16    temperature x100 = round((20 + 5 sin(2 pi t / 10 s)) * 100)
  input 1          int16    -2500 (-25.00 x100)
  input 2-3        float32  ABCD 987.5
  input 4-5        float32  CDAB 987.5
  input 6-7        float32  ABCD the holding-22 wave
  input 0-49       valid
  coil 0           toggles every second;  coil 1 true; coil 2 false; coils 0-15 valid
  discrete 0 true; discrete 1 false; discrete 2 = coil 0; discrete 0-15 valid
"""
import argparse
import asyncio
import math
import os
import tty
import struct
import sys
import time

from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.exceptions import NoSuchSlaveException
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer


def words(fmt, value, word_order="BE", byte_order="BE"):
    raw = struct.pack(">" + fmt, value)
    regs = [raw[i : i + 2] for i in range(0, len(raw), 2)]
    if word_order == "LE":
        regs.reverse()
    if byte_order == "LE":
        regs = [r[::-1] for r in regs]
    return [int.from_bytes(r, "big") for r in regs]


class HoldingBlock(ModbusSequentialDataBlock):
    """0-99 normal, 100-199 absent, 200-209 present but failing."""

    def __init__(self):
        super().__init__(0, [0] * 210)

    def validate(self, address, count=1):
        end = address + count
        return (0 <= address and end <= 100) or (200 <= address and end <= 210)

    def getValues(self, address, count=1):
        if address >= 200:
            raise RuntimeError("sensor board failure")
        return super().getValues(address, count)


class GatewayContext(ModbusServerContext):
    """Serves UNIT; lists UNIT + 1 so the framer accepts it, but it has no context: exception 11."""

    def __init__(self, unit, slave):
        super().__init__(slaves={unit: slave}, single=False)
        self.gateway_unit = unit + 1

    def slaves(self):
        return [*self._slaves.keys(), self.gateway_unit]

    def __getitem__(self, slave):
        if slave == self.gateway_unit:
            raise NoSuchSlaveException(f"gateway target {slave} does not respond")
        return super().__getitem__(slave)


def static_values(hr, ir, co, di):
    hr.setValues(1, words("h", -1234))
    hr.setValues(2, words("f", 123.456))
    hr.setValues(4, words("f", 123.456, word_order="LE"))
    hr.setValues(6, words("f", 1013.25, byte_order="LE"))
    hr.setValues(8, words("f", -42.125, word_order="LE", byte_order="LE"))
    hr.setValues(10, words("i", -100000))
    hr.setValues(12, words("I", 3000000000, word_order="LE"))
    hr.setValues(14, words("d", 12345.6789))
    hr.setValues(18, words("d", -9876.54321, word_order="LE"))
    hr.setValues(30, [0b1010_0000_0000_0101])
    ir.setValues(1, words("h", -2500))
    ir.setValues(2, words("f", 987.5))
    ir.setValues(4, words("f", 987.5, word_order="LE"))
    co.setValues(1, [True])
    co.setValues(2, [False])
    di.setValues(0, [True])
    di.setValues(1, [False])


async def update(hr, ir, co, di):
    t0 = time.monotonic()
    counter = 0
    while True:
        t = time.monotonic() - t0
        wave = math.sin(2 * math.pi * t / 10)
        hr.setValues(0, [counter & 0xFFFF])
        hr.setValues(22, words("f", 50 + 10 * wave))
        hr.setValues(24, words("f", 50 + 10 * wave, word_order="LE"))
        hr.setValues(26, [(counter * 7) % 1000])
        ir.setValues(0, words("h", round((20 + 5 * wave) * 100)))
        ir.setValues(6, words("f", 50 + 10 * wave))
        toggle = int(t) % 2 == 1
        co.setValues(0, [toggle])
        di.setValues(2, [toggle])
        counter += 1
        await asyncio.sleep(0.1)


def null_modem():
    """Two pty pairs whose master ends are bridged: returns (client tty path, server tty path)."""
    loop = asyncio.get_running_loop()
    ends = []
    for _ in range(2):
        master, slave = os.openpty()
        tty.setraw(slave)
        ends.append((master, slave, os.ttyname(slave)))
    (ma, _sa, path_a), (mb, _sb, path_b) = ends

    def pipe(src, dst):
        def forward():
            try:
                os.write(dst, os.read(src, 4096))
            except OSError:
                # EIO while nobody holds the client tty open: poll again shortly instead of spinning.
                loop.remove_reader(src)
                loop.call_later(0.05, loop.add_reader, src, forward)

        loop.add_reader(src, forward)

    pipe(ma, mb)
    pipe(mb, ma)
    return path_a, path_b


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    parser.add_argument("--rtu", action="store_true")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--unit", type=int, default=1)
    args = parser.parse_args()

    hr = HoldingBlock()
    ir = ModbusSequentialDataBlock(0, [0] * 50)
    co = ModbusSequentialDataBlock(0, [False] * 16)
    di = ModbusSequentialDataBlock(0, [False] * 16)
    static_values(hr, ir, co, di)
    slave = ModbusSlaveContext(hr=hr, ir=ir, co=co, di=di, zero_mode=True)
    context = GatewayContext(args.unit, slave)

    if args.rtu:
        client_path, server_path = null_modem()
        server = await StartAsyncSerialServer(
            context=context,
            framer=ModbusRtuFramer,
            port=server_path,
            baudrate=19200,
            # A pty rejects parity settings (EINVAL), so the test line runs 8N1.
            parity="N",
            stopbits=1,
            bytesize=8,
            defer_start=True,
        )
        await server.start()
        updater = asyncio.create_task(update(hr, ir, co, di))
        print(f"READY {client_path}", flush=True)
        await asyncio.gather(updater, server.serve_forever())
        return

    server = await StartAsyncTcpServer(
        context=context,
        address=(args.host, args.port),
        defer_start=True,
        allow_reuse_address=True,
    )
    updater = asyncio.create_task(update(hr, ir, co, di))
    serving = asyncio.create_task(server.serve_forever())
    await server.serving
    print(f"READY {args.port}", flush=True)
    await asyncio.gather(updater, serving)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
