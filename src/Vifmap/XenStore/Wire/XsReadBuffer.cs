using System.Buffers;

namespace Vifmap.XenStore.Wire;

/// <summary>Bytes received from the daemon and not yet framed. The read loop reads into
/// <see cref="GetWriteMemory"/>, calls <see cref="Advance"/>, then takes frames with
/// <see cref="TryReadFrame"/> until it needs more data. Tests drive it the same way with
/// arbitrary chunking, so the code under test is the code that runs.</summary>
internal sealed class XsReadBuffer
{
    // Room for at least one largest frame plus a full read of the next ones; replies are small
    // (a READ of 4 KiB at most), so a 64 KiB buffer lets one read syscall carry many replies.
    private const int DefaultCapacity = 64 * 1024;

    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    public XsReadBuffer(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, XsHeader.Size + XsHeader.PayloadMax);
        _buffer = new byte[capacity];
    }

    /// <summary>Bytes received that do not yet form a whole frame (non-zero at EOF means the
    /// daemon went away mid-frame).</summary>
    public int BufferedCount => _end - _start;

    /// <summary>Free space to read into; always at least one largest frame long.</summary>
    public Memory<byte> GetWriteMemory()
    {
        if (_buffer.Length - _end < XsHeader.Size + XsHeader.PayloadMax)
        {
            Compact();
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies <paramref name="data"/> in (for tests and for transports that hand over
    /// chunks); returns how many bytes fitted.</summary>
    public int Append(ReadOnlySpan<byte> data)
    {
        Span<byte> free = GetWriteMemory().Span;
        int count = Math.Min(free.Length, data.Length);
        data[..count].CopyTo(free);
        _end += count;
        return count;
    }

    /// <summary>The next whole frame, if there is one. The payload span is valid until the next
    /// call on this buffer.</summary>
    public OperationStatus TryReadFrame(out XsHeader header, out ReadOnlySpan<byte> payload)
    {
        OperationStatus status = XsFrameScanner.TryScan(_buffer.AsSpan(_start, _end - _start), out header, out int frameLength);
        if (status != OperationStatus.Done)
        {
            payload = default;
            return status;
        }

        payload = _buffer.AsSpan(_start + XsHeader.Size, frameLength - XsHeader.Size);
        _start += frameLength;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return OperationStatus.Done;
    }

    private void Compact()
    {
        int count = _end - _start;
        _buffer.AsSpan(_start, count).CopyTo(_buffer);
        _start = 0;
        _end = count;
    }
}
