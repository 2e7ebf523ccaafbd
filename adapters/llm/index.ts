/** Answer generators: none (hand-off) and OpenAI-compatible chat completions (DeepSeek by default). */
export { noAnswerGenerator } from './no-answer-generator.js';
export {
  createOpenAiCompatibleAnswerGenerator,
  type OpenAiCompatibleAnswerGeneratorOptions,
} from './openai-compatible-answer-generator.js';
