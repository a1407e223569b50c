using Vifmap.Config;

namespace Vifmap.Tests.Config;

public sealed class XlConfigParserSmokeTests
{
    [Fact]
    public void Valid_config_has_values_and_no_diagnostics()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "name = \"web\"\nmemory = 010\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0', ]\n");
        Assert.Empty(doc.Diagnostics);
        Assert.Equal("web", Assert.IsType<ConfigString>(doc.Get("name")!.Value).Value);
        Assert.Equal("010", Assert.IsType<ConfigNumber>(doc.Get("memory")!.Value).Text);
        ConfigList vif = Assert.IsType<ConfigList>(doc.Get("vif")!.Value);
        Assert.Equal("mac=00:16:3e:00:00:01,bridge=xenbr0", XlConfigReader.GetListItem(vif, 0));
    }

    [Fact]
    public void Bare_word_value_is_a_syntax_error_and_parsing_goes_on()
    {
        XlConfigDocument doc = XlConfigParser.Parse("t.cfg", "a = b\nc = 1 2\nd = 3\n");
        DiagnosticAssert.Equal(["1:5 error VM100", "2:7 error VM100"], doc.Diagnostics);
        Assert.Equal("3", Assert.IsType<ConfigNumber>(doc.Get("d")!.Value).Text);
    }
}
