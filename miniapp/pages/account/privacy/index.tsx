import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Card, PageShell } from '../../../components';
import { policyTexts } from './content';

/** The full text of the privacy guide or the health-data consent (?doc=privacyGuide|healthData). */
export default function PrivacyTextPage() {
  const router = useRouter();
  const text = policyTexts[router.params['doc'] === 'healthData' ? 'healthData' : 'privacyGuide'];
  return (
    <PageShell title={text.title} testId="page-privacy-text" showProfile={false}>
      <Text className="pb-muted">版本 {text.version}</Text>
      {text.sections.map((section) => (
        <Card key={section.heading} title={section.heading}>
          <View>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className="pb-text">
                {paragraph}
              </Text>
            ))}
          </View>
        </Card>
      ))}
    </PageShell>
  );
}
