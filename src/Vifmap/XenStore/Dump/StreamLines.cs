namespace Vifmap.XenStore.Dump;

/// <summary>The lines of a stream, read through one buffer: a dump of 100,000 NICs is over 100 MB, and
/// holding it whole besides the tree made from it doubled the memory of <c>ls --xenstore-dump</c>
/// (issue 15). A line is the bytes up to <c>\n</c> (not included), or up to the end; the buffer grows
/// only for a line longer than itself.</summary>
internal sealed class StreamLines(Stream stream)
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The next line, valid until the next call; false at the end.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                return !line.IsEmpty;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, checked(_buffer.Length * 2));
        }

        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += n;
        _eof = n == 0;
    }
}
