namespace Vifmap.XenStore.Dump;

/// <summary>The lines of a stream, read through one <see cref="StreamBuffer"/>: a dump of 100,000 NICs
/// is over 100 MB, and holding it whole besides the tree made from it doubled the memory of
/// <c>ls --xenstore-dump</c> (issue 15). A line is the bytes up to <c>\n</c> (not included), or up to
/// the end.</summary>
internal sealed class StreamLines(Stream stream)
{
    private readonly StreamBuffer _input = new(stream, 1 << 20);

    /// <summary>The next line, valid until the next call; false at the end.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            ReadOnlySpan<byte> pending = _input.Pending;
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = pending[..newline];
                _input.Consume(newline + 1);
                return true;
            }

            if (_input.AtEnd)
            {
                line = pending;
                _input.Consume(pending.Length);
                return !line.IsEmpty;
            }

            _input.ReadMore();
        }
    }
}
