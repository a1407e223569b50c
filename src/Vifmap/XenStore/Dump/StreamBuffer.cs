namespace Vifmap.XenStore.Dump;

/// <summary>A window on a stream for parsers that keep only what they have not used yet (issue 15: the
/// dump and <c>ip -j link</c> output of a 100,000-NIC host are hundreds of MB): <see cref="Pending"/>
/// is the unread part; <see cref="ReadMore"/> moves it to the front and reads on, growing the buffer
/// only when one item (a line, a link) is bigger than it.</summary>
internal sealed class StreamBuffer(Stream stream, int size)
{
    private byte[] _buffer = new byte[size];
    private int _start;
    private int _end;

    /// <summary>The stream has ended: <see cref="Pending"/> is all there is.</summary>
    public bool AtEnd { get; private set; }

    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    public void Consume(int count) => _start += count;

    public void ReadMore()
    {
        if (_start > 0)
        {
            Pending.CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, checked(_buffer.Length * 2));
        }

        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += n;
        AtEnd = n == 0;
    }
}
