import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '#shared/privacy/mask.ts';

describe('masking personal data (SPEC section 8)', () => {
  it('shows a mobile number as 138****5678, whatever its punctuation', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
  });

  it('keeps only the family name of a Chinese name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
});
