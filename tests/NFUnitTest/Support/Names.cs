using NanoPhone.Sip.Transaction;

namespace NanoPhone.NFUnitTest.Support
{
    /// <summary>Enum names for messages: nanoFramework's Enum.ToString gives the number.</summary>
    public static class Names
    {
        public static string Of(TransactionEnd end)
        {
            switch (end)
            {
                case TransactionEnd.None: return "None";
                case TransactionEnd.Normal: return "Normal";
                case TransactionEnd.Timeout: return "Timeout";
                case TransactionEnd.NoAck: return "NoAck";
                case TransactionEnd.TransportError: return "TransportError";
                case TransactionEnd.Abandoned: return "Abandoned";
                default: return "?";
            }
        }
    }
}
