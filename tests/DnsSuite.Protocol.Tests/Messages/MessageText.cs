using DnsSuite.Protocol.Messages;

namespace DnsSuite.Protocol.Tests.Messages;

/// <summary>A message as text covering every field, so two messages can be compared semantically.</summary>
internal static class MessageText
{
    public static string Describe(Message m)
    {
        var lines = new List<string>
        {
            $"id={m.Id} opcode={m.OpCode} rcode={m.ResponseCode} flags={m.Flags}",
            m.Edns is null ? "no edns" : $"edns payload={m.Edns.UdpPayloadSize} version={m.Edns.Version} do={m.Edns.DnssecOk} options="
                + string.Join(",", m.Edns.OptionList.Select(o => $"{o.Code}:{Convert.ToHexString(o.Data)}")),
        };
        lines.AddRange(m.Questions.Select(q => "Q " + q));
        lines.AddRange(m.Answers.Select(r => "AN " + r));
        lines.AddRange(m.Authority.Select(r => "NS " + r));
        lines.AddRange(m.Additional.Select(r => "AR " + r));
        return string.Join("\n", lines);
    }
}
