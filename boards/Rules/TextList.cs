namespace NanoPhone.Boards.Rules
{
    /// <summary>A growing list of strings (nanoFramework has no List&lt;T&gt;).</summary>
    public sealed class TextList
    {
        private string[] _items = NewArray(8);
        private int _count;

        public int Count
        {
            get { return _count; }
        }

        public string this[int index]
        {
            get { return _items[index]; }
        }

        public void Add(string text)
        {
            if (_count == _items.Length)
            {
                string[] bigger = NewArray(_items.Length * 2);
                for (int i = 0; i < _count; i++)
                {
                    bigger[i] = _items[i];
                }

                _items = bigger;
            }

            _items[_count++] = text;
        }

        public string[] ToArray()
        {
            string[] copy = NewArray(_count);
            for (int i = 0; i < _count; i++)
            {
                copy[i] = _items[i];
            }

            return copy;
        }
    
        // nanoCLR 1.17: unassigned elements of new string[n] do not compare equal to null.
        private static string[] NewArray(int length)
        {
            string[] a = new string[length];
            for (int i = 0; i < length; i++) a[i] = null;
            return a;
        }
    }
}
