namespace NanoPhone.Boards.Rules
{
    /// <summary>What <see cref="BoardCheck"/> found: errors make a board unusable, warnings are known
    /// compromises (strapping pins and the like) that a person should have seen.</summary>
    public sealed class BoardReport
    {
        public BoardReport(string boardId, string[] errors, string[] warnings)
        {
            BoardId = boardId;
            Errors = errors;
            Warnings = warnings;
        }

        public string BoardId { get; }

        public string[] Errors { get; }

        public string[] Warnings { get; }

        public bool IsUsable
        {
            get { return Errors.Length == 0; }
        }

        /// <summary>All messages, one a line, errors first.</summary>
        public override string ToString()
        {
            string text = BoardId + ": " + Errors.Length.ToString() + " error(s), " + Warnings.Length.ToString() + " warning(s)";
            for (int i = 0; i < Errors.Length; i++)
            {
                text = text + "\n  error: " + Errors[i];
            }

            for (int i = 0; i < Warnings.Length; i++)
            {
                text = text + "\n  warning: " + Warnings[i];
            }

            return text;
        }
    }
}
