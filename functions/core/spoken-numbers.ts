/**
 * Phone numbers as a voice reads them back best: digit by digit, with a short pause between
 * groups ("116 123" -> "1 1 6, 1 2 3"; "9-8-8" -> "9 8 8"). Text-to-speech voices otherwise
 * read "116 123" as "one hundred and sixteen, one hundred and twenty-three", which nobody can
 * dial. Done in plain text rather than SSML <say-as>, so it holds for every Twilio voice.
 *
 * A number is a run of digits, possibly split into groups by single spaces or hyphens, with
 * at least 3 digits in all; shorter numbers ("press 1", "9 in the morning", "24-hour") are
 * read as words, as they should be.
 */
const NUMBER = /(?<!\d)\d+(?:[ -]\d+)*(?![\d])/g;

/** At least this many digits make a number to read digit by digit. */
export const MIN_DIGITS = 3;

export function digitsSpokenSingly(text: string): string {
  return text.replace(NUMBER, (number) => {
    const groups = number.split(/[ -]/);
    if (groups.join('').length < MIN_DIGITS) return number;
    const spoken = groups.map((group) => group.split('').join(' '));
    // Single-digit groups ("9-8-8") read as one number; longer groups get a pause between them.
    return spoken.join(groups.every((group) => group.length === 1) ? ' ' : ', ');
  });
}
