-- The language each user reads the pages in (`nb` or `nn`); empty: bokmål.
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('nb', 'nn'));
